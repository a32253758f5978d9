using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tracing.Clients;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>"Đăng ký địa điểm" as qr.tokhaiyte.vn taught it: three steps for a stranger, two when signed in, drop-downs for the place.</summary>
public sealed partial class RegistrationPageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stranger_registers_in_three_steps_with_the_drop_downs_and_the_code_texted_to_their_phone(bool phone)
    {
        var size = phone ? "390" : "1280";
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        var registrantPhone = Citizens.NewPhone();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Đăng ký địa điểm" }).ClickAsync();
        await Assertions.Expect(page.Locator(".steps li")).ToHaveTextAsync(["1. Đăng ký thông tin", "2. Nhập mã OTP", "3. Hoàn thành"]);
        await Assertions.Expect(page.GetByLabel("Nằm trong địa điểm")).ToHaveCountAsync(0);
        await Portal.FillInformationAsync(page, "Cơm Tấm Cali", registrant: "Lê Văn Tám");
        await page.GetByLabel("Số điện thoại người đăng ký").FillAsync(registrantPhone);
        await Portal.AssertNoHorizontalOverflowAsync(page);
        await Portal.ShootAsync(page, $"dang-ky-1-{size}");
        var outbox = new SmsOutbox(Server.OutboxPath);
        var mark = outbox.GetPosition();
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục bước 2" }).ClickAsync();

        await Assertions.Expect(page.Locator(".steps [aria-current=step]")).ToHaveTextAsync("2. Nhập mã OTP");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"đã gửi SMS chứa mã OTP tới số điện thoại của bạn ({registrantPhone})");
        await Assertions.Expect(page.GetByText("Mã OTP sẽ hết hạn trong")).ToContainTextAsync(new Regex(@"\d+ phút \d+ giây|\d+ giây"));
        var code = await outbox.WaitForCodeAsync(registrantPhone, mark, TimeSpan.FromSeconds(10));
        await Portal.AssertNoHorizontalOverflowAsync(page);
        await Portal.ShootAsync(page, $"dang-ky-2-{size}");

        // A wrong code: said beside the field, and nothing typed in step 1 is lost.
        await page.GetByLabel("Mã OTP").FillAsync(code == "000000" ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục bước 3" }).ClickAsync();
        await Assertions.Expect(page.Locator("#otp-error")).Not.ToBeEmptyAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Quay lại" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Tên địa điểm")).ToHaveValueAsync("Cơm Tấm Cali");
        await Assertions.Expect(page.GetByLabel("Phường/Xã của địa điểm")).ToHaveValueAsync("26740");
        await Assertions.Expect(page.GetByLabel("Số điện thoại người đăng ký")).ToHaveValueAsync(registrantPhone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục bước 2" }).ClickAsync();
        // On again within the resend wait: the code already sent still works (or a new one was sent).
        await Assertions.Expect(page.Locator(".steps [aria-current=step]")).ToHaveTextAsync("2. Nhập mã OTP");
        code = outbox.FindNewestCode(registrantPhone)!;
        await page.GetByLabel("Mã OTP").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục bước 3" }).ClickAsync();

        await Assertions.Expect(page.Locator(".steps [aria-current=step]")).ToHaveTextAsync("3. Hoàn thành");
        var shown = await page.Locator("code.venue").InnerTextAsync();
        Assert.Matches(VenueCodeShape(), shown);
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "Mã QR của Cơm Tấm Cali" });
        await Assertions.Expect(qr).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const img = document.querySelector('img.qr'); return img && img.complete && img.naturalWidth > 0; }");
        await Assertions.Expect(page.GetByText("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("header .phone")).ToHaveTextAsync(registrantPhone);
        await Portal.AssertNoHorizontalOverflowAsync(page);
        await Portal.ShootAsync(page, $"dang-ky-3-{size}");
        var poster = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải áp phích A4" }).ClickAsync());
        Assert.Equal($"ap-phich-{shown}.svg", poster.SuggestedFilename);

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        Assert.True(VenueCode.TryRead(shown, out var venueId, out _));
        var stored = (await health.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venueId })).Venue;
        Assert.Equal(("79", "760", "26740", "Lê Văn Tám", "restaurant"), (stored.ProvinceCode, stored.DistrictCode, stored.WardCode, stored.RegistrantName, stored.Category));
        await page.GotoAsync("/dia-diem");
        await Assertions.Expect(page.Locator("#dia-diem tbody tr")).ToContainTextAsync("Cơm Tấm Cali");
    }

    [Fact]
    public async Task Without_JavaScript_the_button_redraws_the_lists_and_every_missing_field_is_named_beside_it()
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true, javaScript: false);
        await page.GotoAsync("/dang-ky-dia-diem");
        await page.GetByLabel("Tên địa điểm").FillAsync("Tiệm Sách Cũ");
        await page.GetByLabel("Tỉnh/TP của địa điểm").SelectOptionAsync(new SelectOptionValue { Label = "Thành phố Hồ Chí Minh" });
        await Assertions.Expect(page.GetByLabel("Quận/Huyện của địa điểm").Locator("option")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật danh sách" }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("Quận/Huyện của địa điểm").Locator("option", new() { HasText = "Quận 1" }).First).ToBeAttachedAsync();
        await Assertions.Expect(page.GetByLabel("Tên địa điểm")).ToHaveValueAsync("Tiệm Sách Cũ");
        await Assertions.Expect(page.Locator(".field-error")).ToHaveCountAsync(0);
        await page.GetByLabel("Quận/Huyện của địa điểm").SelectOptionAsync(new SelectOptionValue { Label = "Quận 1" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật danh sách" }).ClickAsync();
        await page.GetByLabel("Phường/Xã của địa điểm").SelectOptionAsync(new SelectOptionValue { Label = "Phường Bến Nghé" });
        await page.GetByLabel("Số điện thoại người đăng ký").FillAsync("12345");
        await Portal.ShootAsync(page, "dang-ky-khong-js-390");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục bước 2" }).ClickAsync();

        await Assertions.Expect(page.Locator("#street_address-error")).ToContainTextAsync("Số nhà");
        await Assertions.Expect(page.Locator("#registrant_name-error")).ToContainTextAsync("Họ và tên");
        await Assertions.Expect(page.Locator("#registrant_phone-error")).ToContainTextAsync("Số điện thoại chưa đúng");
        await Assertions.Expect(page.Locator(".field-error")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByLabel("Phường/Xã của địa điểm")).ToHaveValueAsync("26740");
        await Assertions.Expect(page.GetByLabel("Số điện thoại người đăng ký")).ToHaveValueAsync("12345");
        await Portal.AssertNoHorizontalOverflowAsync(page);
        await Portal.ShootAsync(page, "dang-ky-loi-390");
    }

    [Fact]
    public async Task Signed_in_it_takes_two_steps_with_the_phone_filled_and_read_only_and_the_name_of_the_last_registration()
    {
        var phone = Citizens.NewPhone();
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, phone, "/dang-nhap?tiep=%2Fdang-ky-dia-diem");
        await Assertions.Expect(page.Locator(".steps li")).ToHaveTextAsync(["1. Đăng ký thông tin", "2. Hoàn thành"]);
        var phoneField = page.GetByLabel("Số điện thoại người đăng ký");
        await Assertions.Expect(phoneField).ToHaveValueAsync(phone);
        await Assertions.Expect(phoneField).Not.ToBeEditableAsync();
        await Portal.RegisterVenueAsync(page, "Chợ Bến Thành");

        await page.GotoAsync("/dang-ky-dia-diem");
        await Assertions.Expect(page.GetByLabel("Họ và tên người đăng ký")).ToHaveValueAsync("Trần Thị Quản Lý");
        await Portal.ShootAsync(page, "dang-ky-da-dang-nhap-1280");
        await Portal.FillInformationAsync(page, "Sạp vải số 12", parentName: "Chợ Bến Thành");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký địa điểm" }).ClickAsync();
        await Assertions.Expect(page.Locator(".steps [aria-current=step]")).ToHaveTextAsync("2. Hoàn thành");
        await page.GotoAsync("/dia-diem");
        await Assertions.Expect(page.Locator("#dia-diem tbody tr").Filter(new() { HasText = "Sạp vải số 12" })).ToContainTextAsync("Chợ Bến Thành");
    }

    [GeneratedRegex("^V-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]$")]
    private static partial Regex VenueCodeShape();
}
