using Microsoft.Playwright;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// Screening at the door in Debian's chromium, at a phone's width (390 px) and a desktop's (1280 px), without
/// horizontal scrolling: the web check-in page's 2021 declaration form and its coloured result, the door page marking a
/// visitor who needs checking, a walk-in's paper declaration, and scanning a personal QR code with the camera.
/// </summary>
public sealed class ScreeningPageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{

    private ServerProcess Server => fixture.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_visitor_who_declares_a_cough_on_the_check_in_page_is_shown_yellow_with_what_to_do(bool phone)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà Văn hóa Thanh niên");
        var page = await browser.NewPageAsync(Server.WebAddress, phone);

        await page.GotoAsync(new Uri(venue.QrPayload).AbsolutePath);
        await page.GetByLabel("Họ và tên").FillAsync("Phạm Thị Ho");
        await page.GetByLabel("Số CCCD / CMND / hộ chiếu").FillAsync("079190000123");
        await page.GetByLabel("Năm sinh").FillAsync("1990");
        await page.GetByLabel("Giới tính").SelectOptionAsync("female");
        await Assertions.Expect(page.GetByLabel("Quốc tịch")).ToHaveValueAsync("Việt Nam");
        await page.GetByLabel("Số điện thoại").FillAsync(Citizens.NewPhone());
        await page.GetByLabel("Tỉnh/TP nơi ở").SelectOptionAsync("79");
        await page.GetByLabel("Quận/Huyện nơi ở").SelectOptionAsync("760");
        await page.GetByLabel("Phường/Xã nơi ở").SelectOptionAsync("26734");
        await page.GetByLabel("Số nhà, tên đường").FillAsync("12 Nguyễn Huệ");
        await AnswerAsync(page, yes: "Ho");
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"check-in-form-{Width(phone)}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Khai báo và ghi nhận vào" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận vào Nhà Văn hóa Thanh niên");
        var result = page.GetByRole(AriaRole.Region, new() { Name = "Kết quả sàng lọc" });
        await Assertions.Expect(result).ToContainTextAsync("VÀNG — Cần kiểm tra trước khi vào");
        await Assertions.Expect(result).ToContainTextAsync("Ho");
        await Assertions.Expect(result).ToContainTextAsync("Báo nhân viên kiểm tra trước khi vào");
        await Assertions.Expect(result.GetByRole(AriaRole.Link, new() { Name = "1900 9095" })).ToHaveAttributeAsync("href", "tel:19009095");
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"check-in-yellow-{Width(phone)}");

        // The scan answer shows the same when the visitor checks out with the declaration still valid.
        await page.GotoAsync(new Uri(venue.QrPayload).AbsolutePath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận ra" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Kết quả sàng lọc" })).ToContainTextAsync("VÀNG");

        var history = await Citizens.HistoryAsync(manager, venue.VenueId);
        Assert.Equal(2, history.Count);
        Assert.All(history, r => Assert.Equal(ScreeningLevel.Yellow, r.Screening));
    }

    [Fact]
    public async Task The_check_in_form_asks_every_health_question_and_keeps_what_was_typed_when_refused()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Chợ Lớn");
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await page.GotoAsync(new Uri(venue.QrPayload).AbsolutePath);

        await page.GetByLabel("Họ và tên").FillAsync("Ngô Văn Sai");
        await page.GetByLabel("Năm sinh").FillAsync("1800");
        await page.GetByLabel("Số điện thoại").FillAsync(Citizens.NewPhone());
        await AnswerAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Khai báo và ghi nhận vào" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Năm sinh phải từ 1900");
        await Assertions.Expect(page.GetByLabel("Họ và tên")).ToHaveValueAsync("Ngô Văn Sai");
        // Every symptom and exposure is a Có/Không question, each answer with its label.
        Assert.Equal(11, await page.Locator(".yn").CountAsync());
        Assert.Equal(11, await page.Locator(".yn input[value=no]:checked").CountAsync());
        Assert.Empty(await Citizens.HistoryAsync(manager, venue.VenueId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_door_page_marks_a_visitor_who_needs_checking_and_lists_recent_scans_with_their_screening(bool phone)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        // The staff member at the door signs in in the browser with a phone of their own (a code per phone at a time).
        var managerPhone = Citizens.NewPhone();
        var venue = await Citizens.RegisterVenueAsync(manager, "Siêu thị Bách Hóa Xanh");
        await DoorStaffAsync(manager, venue, managerPhone);
        var (visitor, _) = await Citizens.DeviceAsync(Server);
        await visitor.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Đặng Văn Vàng",
            BirthYear = 1975,
            Kind = DeclarationKind.Domestic,
            Symptoms = new Symptoms { Fatigue = true },
            ExposureHistory = new ExposureHistory { ContactWithSuspectedCase = true },
        });
        var code = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest());
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        await Portal.SignInAsync(page, Server, managerPhone, "/kiem-soat-vao-ra");

        // One venue managed: "Kiểm soát vào ra" goes straight to its door.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/dia-diem/{venue.VenueId}/cua$"));
        await page.GetByLabel("Mã cá nhân").FillAsync(code.Payload);
        await page.GetByLabel("Mã cá nhân").PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận VÀO");
        var result = page.GetByRole(AriaRole.Region, new() { Name = "Kết quả sàng lọc" });
        await Assertions.Expect(result).ToContainTextAsync("KHÁCH CẦN KIỂM TRA");
        await Assertions.Expect(result).ToContainTextAsync("VÀNG");
        // The door sees the colour of the visitor's own declaration, never its answers.
        await Assertions.Expect(result).Not.ToContainTextAsync("Mệt mỏi");
        await Assertions.Expect(result).Not.ToContainTextAsync("nghi nhiễm");
        var recent = page.Locator(".recent li");
        await Assertions.Expect(recent).ToHaveCountAsync(1);
        await Assertions.Expect(recent.First).ToContainTextAsync("Vàng — cần kiểm tra");
        await Assertions.Expect(recent.First).ToContainTextAsync("ĐẶNG VĂN ***");
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"door-yellow-{Width(phone)}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_manager_files_a_paper_declaration_for_a_walk_in_without_a_phone(bool phone)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        // The staff member at the door signs in in the browser with a phone of their own (a code per phone at a time).
        var managerPhone = Citizens.NewPhone();
        var venue = await Citizens.RegisterVenueAsync(manager, "Bệnh viện Chợ Rẫy — cổng 1");
        await DoorStaffAsync(manager, venue, managerPhone);
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        await Portal.SignInAsync(page, Server, managerPhone, $"/dia-diem/{venue.VenueId}/cua");

        await page.GetByText("Tờ khai giấy cho khách vãng lai").ClickAsync();
        var paper = page.Locator("fieldset", new() { HasText = "Khai báo y tế giấy" }).First;
        await paper.GetByLabel("Họ và tên khách").FillAsync("Lý Thị Giấy");
        await paper.GetByLabel("Năm sinh").FillAsync("1940");
        await paper.GetByLabel("Tỉnh/TP nơi ở").SelectOptionAsync("79");
        await AnswerAsync(page, yes: ["Sốt", "Ho"]);
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"door-paper-form-{Width(phone)}");
        await paper.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận và sàng lọc" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận VÀO (tờ khai giấy)");
        var result = page.GetByRole(AriaRole.Region, new() { Name = "Kết quả sàng lọc" });
        await Assertions.Expect(result).ToContainTextAsync("ĐỎ — Không vào");
        await Assertions.Expect(result).ToContainTextAsync("Sốt");
        await Assertions.Expect(page.Locator(".recent li.needs-check")).ToContainTextAsync("Đỏ — cần kiểm tra");
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"door-paper-red-{Width(phone)}");

        var record = Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId));
        Assert.Equal((ScanMethod.Manual, ScreeningLevel.Red, "LÝ THỊ ***", 1940), (record.Method, record.Screening, record.VisitorName, record.VisitorBirthYear));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_door_page_scans_a_personal_code_with_the_camera_where_the_browser_reads_QR_codes(bool phone)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        // The staff member at the door signs in in the browser with a phone of their own (a code per phone at a time).
        var managerPhone = Citizens.NewPhone();
        var venue = await Citizens.RegisterVenueAsync(manager, "Rạp Galaxy Nguyễn Du");
        await DoorStaffAsync(manager, venue, managerPhone);
        var (visitor, visitorId) = await Citizens.DeclaredDeviceAsync(Server, "Võ Thị Camera");
        var code = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest());
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        // A fake camera and QR reader: the reader "sees" the visitor's real personal code once the camera is open.
        await page.AddInitScriptAsync($$"""
            window.__cameraOpened = false;
            window.BarcodeDetector = class {
              constructor(options) { this.formats = options && options.formats; }
              static getSupportedFormats() { return Promise.resolve(['qr_code']); }
              detect() { return Promise.resolve(window.__cameraOpened ? [{ rawValue: {{System.Text.Json.JsonSerializer.Serialize(code.Payload)}}, format: 'qr_code' }] : []); }
            };
            Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: {
              getUserMedia: function () {
                window.__cameraOpened = true;
                var canvas = document.createElement('canvas');
                canvas.width = 64; canvas.height = 64;
                canvas.getContext('2d').fillRect(0, 0, 64, 64);
                return Promise.resolve(canvas.captureStream(5));
              } } });
            """);
        await Portal.SignInAsync(page, Server, managerPhone, $"/dia-diem/{venue.VenueId}/cua");

        var camera = page.GetByRole(AriaRole.Button, new() { Name = "Quét bằng camera" });
        await Assertions.Expect(camera).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"door-camera-{Width(phone)}");
        await camera.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận VÀO");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Kết quả sàng lọc" })).ToContainTextAsync("XANH — Đủ điều kiện vào");
        var record = Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId));
        Assert.Equal((ScanMethod.Controller, Direction.In, ScreeningLevel.Green), (record.Method, record.Direction, record.Screening));
        Assert.NotEmpty(visitorId);
    }

    [Fact]
    public async Task Without_a_QR_reader_in_the_browser_the_camera_button_stays_hidden_and_typing_works()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        // The staff member at the door signs in in the browser with a phone of their own (a code per phone at a time).
        var managerPhone = Citizens.NewPhone();
        var venue = await Citizens.RegisterVenueAsync(manager, "Tiệm thuốc Long Châu");
        await DoorStaffAsync(manager, venue, managerPhone);
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await page.AddInitScriptAsync("delete window.BarcodeDetector;");
        await Portal.SignInAsync(page, Server, managerPhone, $"/dia-diem/{venue.VenueId}/cua");

        await Assertions.Expect(page.GetByLabel("Mã cá nhân")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Quét bằng camera" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Kiem_soat_vao_ra_lets_a_manager_of_several_venues_pick_a_door()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        // The staff member at the door signs in in the browser with a phone of their own (a code per phone at a time).
        var managerPhone = Citizens.NewPhone();
        await DoorStaffAsync(manager, await Citizens.RegisterVenueAsync(manager, "Quán A"), managerPhone);
        var second = await Citizens.RegisterVenueAsync(manager, "Quán B");
        await DoorStaffAsync(manager, second, managerPhone);
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await Portal.SignInAsync(page, Server, managerPhone, "/kiem-soat-vao-ra");

        await page.GetByRole(AriaRole.Link, new() { Name = "Quán B" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/dia-diem/{second.VenueId}/cua$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Quán B");
        await AssertFitsAsync(page);
    }

    private static Task DoorStaffAsync(Clients.TracingClient manager, Venue venue, string staffPhone)
        => manager.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = staffPhone }).ResponseAsync;

    /// <summary>Answers every Có/Không question: "Có" for those named, "Không" for the rest.</summary>
    private static async Task AnswerAsync(IPage page, params string[] yes)
    {
        var rows = page.Locator(".yn");
        var count = await rows.CountAsync();
        for (var i = 0; i < count; i++)
        {
            var row = rows.Nth(i);
            var question = (await row.Locator(".q").InnerTextAsync()).Trim();
            await row.GetByLabel(yes.Contains(question) ? "Có" : "Không", new() { Exact = true }).CheckAsync();
        }
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= inner, $"The page scrolls sideways: {scroll} px wide in a {inner} px window.");
    }

    private static int Width(bool phone) => phone ? 390 : 1280;
}
