using System.Text;
using Microsoft.Playwright;
using Tracing.Clients;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>The venue manager's portal in Debian's chromium: sign in, register, print, record at the door, read the history.</summary>
public sealed class VenuePortalTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_manager_signs_in_by_code_registers_a_venue_and_a_unit_and_sees_both_listed()
    {
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone());
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dia-diem$"));
        await Assertions.Expect(page.GetByText("Bạn chưa quản lý địa điểm nào")).ToBeVisibleAsync();

        var code = await Portal.RegisterVenueAsync(page, "Nhà hàng Ngon", position: "10.7769, 106.7009");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã đăng ký địa điểm");
        Assert.True(VenueCode.TryRead(code, out _, out var problem), problem);
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var stored = (await health.Venues.GetVenueAsync(new GetVenueRequest { VenueId = code })).Venue;
        Assert.Equal((10.7769, 106.7009), (stored.Latitude, stored.Longitude));
        await Portal.RegisterVenueAsync(page, "Nhà hàng Ngon — sân thượng", parentName: "Nhà hàng Ngon", labels: "ngoài trời, tầng 5");

        await page.GotoAsync("/dia-diem");
        var rows = page.Locator("table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Filter(new() { HasText = "sân thượng" })).ToContainTextAsync("Nhà hàng Ngon");
        await Assertions.Expect(rows.Filter(new() { HasText = "sân thượng" })).ToContainTextAsync("ngoài trời, tầng 5");
        await Assertions.Expect(rows.First).ToContainTextAsync(code);
    }

    [Fact]
    public async Task A_mistake_in_the_form_is_explained_and_what_was_typed_is_kept()
    {
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone());
        await page.GetByLabel("Tên địa điểm").FillAsync("Quán Sai Mã");
        await page.GetByLabel("Mã quận / huyện").FillAsync("76");
        await page.GetByLabel("Mã phường / xã").FillAsync("26734");
        await page.GetByLabel("Số nhà, đường").FillAsync("1 Hai Bà Trưng");
        await page.GetByLabel("Họ tên người đăng ký").FillAsync("Lý Thường Kiệt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Quận/Huyện");
        await Assertions.Expect(page.GetByLabel("Tên địa điểm")).ToHaveValueAsync("Quán Sai Mã");

        await page.GetByLabel("Mã quận / huyện").FillAsync("760");
        await page.GetByLabel("Toạ độ").FillAsync("10,7769 106,7009");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("vĩ độ, kinh độ");
        await Assertions.Expect(page.GetByLabel("Toạ độ")).ToHaveValueAsync("10,7769 106,7009");
    }

    [Fact]
    public async Task A_person_asks_access_by_the_code_on_the_poster_and_enters_the_registrants_approval_code()
    {
        var ownerPhone = Citizens.NewPhone();
        var (owner, _) = await Citizens.SignedInAsync(Server, ownerPhone);
        var venue = await Citizens.RegisterVenueAsync(owner, "Nhà Thờ Đức Bà");
        var printed = VenueCode.Display(venue.VenueId);
        var typo = printed[..^1] + (printed[^1] == '0' ? '1' : '0');
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone());

        await page.GetByLabel("Mã địa điểm").FillAsync(typo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi yêu cầu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Thông tin chưa hợp lệ");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("gõ nhầm");

        var outbox = new SmsOutbox(Server.OutboxPath);
        var mark = outbox.GetPosition();
        await page.GetByLabel("Mã địa điểm").FillAsync(printed.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi yêu cầu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(ownerPhone[..4] + " " + ownerPhone[4..^3] + " ***");
        var approval = await outbox.WaitForCodeAsync(ownerPhone, mark, TimeSpan.FromSeconds(10));

        await page.GetByLabel("Mã xác nhận của người đăng ký").FillAsync(approval == "000000" ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("tries left");
        await Assertions.Expect(page.GetByLabel("Mã địa điểm")).ToHaveValueAsync(printed);

        await page.GetByLabel("Mã xác nhận của người đăng ký").FillAsync(approval);
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nhà Thờ Đức Bà");
        await page.GotoAsync("/dia-diem");
        await Assertions.Expect(page.Locator("table tbody tr")).ToContainTextAsync(printed);
    }

    [Fact]
    public async Task A_manager_adds_a_co_manager_by_phone_on_the_venue_page_and_removes_them_but_not_the_registrant()
    {
        var ownerPhone = Citizens.NewPhone();
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, ownerPhone);
        await Portal.RegisterVenueAsync(page, "Quán Chè Hai Chủ");
        var managers = page.Locator("#quan-ly tbody tr");
        await Assertions.Expect(managers).ToHaveCountAsync(1);
        await Assertions.Expect(managers.First).ToContainTextAsync("Người đăng ký");
        await Assertions.Expect(managers.First).ToContainTextAsync(ownerPhone + " (bạn)");
        await Assertions.Expect(managers.First.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var coManagerPhone = Citizens.NewPhone();
        await page.GetByLabel("Số điện thoại người quản lý mới").FillAsync(coManagerPhone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm người quản lý" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã thêm người quản lý");
        var added = managers.Filter(new() { HasText = "Đồng quản lý" });
        await Assertions.Expect(added).ToContainTextAsync(coManagerPhone[..4] + " " + coManagerPhone[4..^3] + " ***");
        await Assertions.Expect(added).ToContainTextAsync("Chưa đăng nhập");

        // The co-manager, signed in with that phone, finds the venue in their list.
        var coManagerPage = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(coManagerPage, Server, coManagerPhone);
        await Assertions.Expect(coManagerPage.Locator("table tbody tr")).ToContainTextAsync("Quán Chè Hai Chủ");

        await page.ReloadAsync();
        await Assertions.Expect(added).ToContainTextAsync("Đã đăng nhập");
        await added.GetByRole(AriaRole.Button, new() { Name = "Xoá" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã xoá người quản lý");
        await Assertions.Expect(managers).ToHaveCountAsync(1);
        await coManagerPage.GotoAsync("/dia-diem");
        await Assertions.Expect(coManagerPage.GetByText("Bạn chưa quản lý địa điểm nào")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_poster_and_the_codes_download_and_a_standard_decoder_reads_the_poster()
    {
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone());
        await Portal.RegisterVenueAsync(page, "Tiệm Bánh Mì Huỳnh Hoa");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải áp phích A4" }).ClickAsync());
        var poster = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var payload = await QrDecoder.DecodeSvgAsync(poster, 1240);
        Assert.Contains("/v/", payload, StringComparison.Ordinal);
        Assert.Contains("Tiệm Bánh Mì Huỳnh Hoa", Encoding.UTF8.GetString(poster), StringComparison.Ordinal);

        var png = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Mã QR (PNG)" }).ClickAsync());
        Assert.Equal(payload, await QrDecoder.DecodePngAsync(await File.ReadAllBytesAsync((await png.PathAsync())!)));
    }

    [Fact]
    public async Task At_the_door_staff_scan_a_personal_code_and_type_in_a_visitor_and_the_history_shows_both_masked()
    {
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone());
        await Portal.RegisterVenueAsync(page, "Phòng Khám Đa Khoa Sài Gòn");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Nguyễn Đình Chiểu");
        var personal = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { Format = QrFormat.Png });

        await page.GetByRole(AriaRole.Link, new() { Name = "Ghi nhận tại cửa" }).ClickAsync();
        await page.GetByLabel("Mã cá nhân").FillAsync(personal.Payload);
        await page.GetByLabel("Mã cá nhân").PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận VÀO");

        var manual = page.Locator("fieldset", new() { HasText = "Nhập tay" });
        await manual.GetByLabel("Họ tên").FillAsync("Hồ Xuân Hương");
        await manual.GetByLabel("Số điện thoại").FillAsync("0966323123");
        await manual.GetByLabel("Năm sinh").FillAsync("1948");
        await manual.GetByLabel("Ra").CheckAsync();
        await manual.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Or(page.GetByRole(AriaRole.Status))).ToContainTextAsync("Đã ghi nhận RA");

        await page.GetByRole(AriaRole.Link, new() { Name = "Xem lịch sử quét" }).ClickAsync();
        var rows = page.Locator("#lich-su tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Filter(new() { HasText = "NGUYỄN ĐÌNH ***" })).ToContainTextAsync("Quét mã cá nhân");
        await Assertions.Expect(rows.Filter(new() { HasText = "HỒ XUÂN ***" })).ToContainTextAsync("0966 323 ***");
        Assert.DoesNotContain("Chiểu", await page.ContentAsync(), StringComparison.Ordinal);

        // Filtered by visitor (by what the row shows: a manager's search never reaches behind the mask), then
        // exported as the spreadsheet file.
        await page.GetByLabel("Khách").FillAsync("0966 323");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Xuất CSV" }).ClickAsync());
        var text = await File.ReadAllTextAsync((await csv.PathAsync())!, Encoding.UTF8);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("HỒ XUÂN ***", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_the_door_a_code_that_is_not_a_personal_code_is_refused_and_nothing_is_recorded()
    {
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone());
        await Portal.RegisterVenueAsync(page, "Quầy Vé Số");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ghi nhận tại cửa" }).ClickAsync();

        await page.GetByLabel("Mã cá nhân").FillAsync("TRACING:P:u-someone.forged");
        await page.GetByLabel("Mã cá nhân").PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Thông tin chưa hợp lệ");
        await page.GetByRole(AriaRole.Link, new() { Name = "Xem lịch sử quét" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Chưa có lượt quét nào")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_long_history_is_shown_a_page_at_a_time()
    {
        var (owner, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(owner, "Ga Sài Gòn");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Hành Khách");
        var t = Citizens.ThisMinute();
        for (var i = 0; i <= Tracing.Server.Web.VenuePage.PageSize; i++)
            await Citizens.ScanAsync(visitor, venue, i % 2 == 0 ? V1.Direction.In : V1.Direction.Out, t.AddMinutes(-3 * (i + 1)));

        var page = await browser.NewPageAsync(Server.WebAddress);
        var coManager = Citizens.NewPhone();
        await owner.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = coManager });
        await Portal.SignInAsync(page, Server, coManager, $"/dia-diem/{venue.VenueId}");
        var rows = page.Locator("#lich-su tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(Tracing.Server.Web.VenuePage.PageSize);
        await page.GetByRole(AriaRole.Link, new() { Name = "Trang sau" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Trang sau" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_signed_in_person_sees_their_personal_code_and_one_signed_out_is_sent_to_sign_in()
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await page.GotoAsync("/ma-ca-nhan");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap\\?tiep=%2Fma-ca-nhan$"));

        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/ma-ca-nhan");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Mã QR cá nhân" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất", Exact = true }).ClickAsync();
        await page.GotoAsync("/dia-diem");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap"));
    }

    [Fact]
    public async Task A_wrong_code_is_refused_with_the_tries_left()
    {
        var page = await browser.NewPageAsync(Server.WebAddress);
        await page.GotoAsync("/dang-nhap");
        await page.GetByLabel("Số điện thoại").FillAsync(Citizens.NewPhone());
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi mã" }).ClickAsync();
        await page.GetByLabel("Mã xác nhận").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("tries left");
    }
}
