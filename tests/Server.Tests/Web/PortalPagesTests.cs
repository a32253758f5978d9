using Microsoft.Playwright;
using Tracing.Clients;

namespace Tracing.Server.Tests.Web;

/// <summary>The portal's frame as people learned it in 2021: the header and menu, the footer's hotline, the help page, the personal code.</summary>
public sealed class PortalPagesTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Signed_out_the_menu_offers_registration_sign_in_the_safety_map_and_help_and_the_footer_the_hotline()
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await page.GotoAsync("/");

        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("HỆ THỐNG KHAI BÁO Y TẾ VÀ QUÉT MÃ QR");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Menu chính" }).GetByRole(AriaRole.Link))
            .ToHaveTextAsync(["Đăng ký địa điểm", "Đăng nhập", "Bản đồ an toàn", "Hướng dẫn"]);
        await Assertions.Expect(page.Locator("footer")).ToContainTextAsync("Đường dây nóng Bộ Y tế: 1900 9095");
        Assert.DoesNotContain("gRPC", await page.ContentAsync(), StringComparison.Ordinal);

        await page.Locator("footer").GetByRole(AriaRole.Link, new() { Name = "Hướng dẫn sử dụng" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Hướng dẫn sử dụng");
        foreach (var topic in new[] { "Đăng ký mã QR địa điểm", "In mã QR và dán ở cửa", "Kiểm soát người vào, ra", "Xem lịch sử quét mã QR", "Mã QR cá nhân" })
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, Name = topic })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("nav.menu a[aria-current=page]")).ToHaveTextAsync("Hướng dẫn");
    }

    [Fact]
    public async Task Signed_in_the_menu_has_the_five_places_the_signed_in_phone_and_Thoat()
    {
        var phone = Citizens.NewPhone();
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, phone);

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu chính" });
        await Assertions.Expect(menu.GetByRole(AriaRole.Link)).ToHaveTextAsync(
            ["Đăng ký địa điểm", "Quản lý địa điểm", "Lịch sử quét mã QR", "Kiểm soát vào ra bằng máy", "Mã QR cá nhân của tôi"]);
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Quản lý địa điểm" })).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(menu).ToContainTextAsync(phone);
        string[] hrefs = ["/dang-ky-dia-diem", "/dia-diem", "/lich-su-quet", "/kiem-soat-vao-ra", "/ma-ca-nhan"];
        for (var i = 0; i < hrefs.Length; i++)
            await Assertions.Expect(menu.GetByRole(AriaRole.Link).Nth(i)).ToHaveAttributeAsync("href", hrefs[i]);

        await menu.GetByRole(AriaRole.Button, new() { Name = "Thoát" }).ClickAsync();
        await Assertions.Expect(menu).Not.ToContainTextAsync(phone);
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_personal_code_downloads_as_a_png_named_so_with_the_name_under_a_code_a_standard_decoder_reads()
    {
        var phone = Citizens.NewPhone();
        var (person, _) = await Citizens.SignedInAsync(Server, phone);
        await Citizens.DeclareAsync(person, "Nguyễn Thị Minh Khai");
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        // The same session in the browser (a second code for the phone would wait for the resend delay).
        await page.Context.AddCookiesAsync(
        [
            new Cookie { Name = "tracing_session", Value = Citizens.TokenOf(person), Url = Server.WebAddress },
            new Cookie { Name = "tracing_phone", Value = phone, Url = Server.WebAddress },
        ]);
        await page.GotoAsync("/ma-ca-nhan");
        await Assertions.Expect(page.Locator(".who")).ToContainTextAsync("Nguyễn Thị Minh Khai");
        await Portal.AssertNoHorizontalOverflowAsync(page);
        await Portal.ShootAsync(page, "ma-ca-nhan-390");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải xuống Mã QR cá nhân của tôi" }).ClickAsync());

        Assert.Equal($"ma-qr-ca-nhan-{phone}.png", download.SuggestedFilename);
        var png = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.StartsWith("TRACING:P:", await QrDecoder.DecodePngAsync(png), StringComparison.Ordinal);
        var (width, height) = (ReadBigEndian(png, 16), ReadBigEndian(png, 20));
        Assert.True(height > width + 60, $"a {width}×{height} image has no room for the name under the code");
        if (Environment.GetEnvironmentVariable("TRACING_SHOTS") is { Length: > 0 } shots)
            await File.WriteAllBytesAsync(Path.Combine(shots, "ma-ca-nhan-tai-xuong.png"), png);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_portal_page_fits_the_screen_without_scrolling_sideways(bool phone)
    {
        var size = phone ? "390" : "1280";
        var stranger = await browser.NewPageAsync(Server.WebAddress, phone);
        foreach (var (path, name) in new[] { ("/", "trang-chu"), ("/huong-dan", "huong-dan"), ("/dang-nhap", "dang-nhap"), ("/dang-ky-dia-diem", "dang-ky") })
        {
            await stranger.GotoAsync(path);
            await Portal.AssertNoHorizontalOverflowAsync(stranger);
            await Portal.ShootAsync(stranger, $"{name}-{size}");
        }

        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone());
        await Portal.RegisterVenueAsync(page, "Nhà Văn hoá Thanh niên Thành phố Hồ Chí Minh", labels: "hội trường lớn, tầng trệt");
        var venuePath = new Uri(page.Url).AbsolutePath;
        await page.GetByLabel("Số điện thoại người quản lý mới").FillAsync(Citizens.NewPhone());
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm người quản lý" }).ClickAsync();
        foreach (var (path, name) in new[] { ("/dia-diem", "quan-ly-dia-diem"), (venuePath, "dia-diem"), ("/dang-ky-dia-diem", "dang-ky-da-dang-nhap"), ("/ma-ca-nhan", "ma-ca-nhan"), ("/dia-diem/xin-quyen", "xin-quyen"), ("/", "trang-chu-da-dang-nhap") })
        {
            await page.GotoAsync(path);
            await Portal.AssertNoHorizontalOverflowAsync(page);
            await Portal.ShootAsync(page, $"{name}-{size}");
        }
    }

    private static int ReadBigEndian(byte[] png, int offset) => (png[offset] << 24) | (png[offset + 1] << 16) | (png[offset + 2] << 8) | png[offset + 3];
}
