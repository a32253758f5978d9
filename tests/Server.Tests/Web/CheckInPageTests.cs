using Microsoft.Playwright;

namespace Tracing.Server.Tests.Web;

/// <summary>The page a venue's QR code opens in a phone's browser: declare and check in without the app.</summary>
public sealed class CheckInPageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_visitor_without_the_app_declares_checks_in_and_out_and_the_venue_sees_both_scans()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Bảo Tàng Mỹ Thuật");
        var phone = Citizens.NewPhone();
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);

        await page.GotoAsync(new Uri(venue.QrPayload).AbsolutePath);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bảo Tàng Mỹ Thuật");
        await page.GetByLabel("Họ và tên").FillAsync("Bùi Xuân Phái");
        await page.GetByLabel("Năm sinh").FillAsync("1920");
        await page.GetByLabel("Số điện thoại").FillAsync(phone);
        // Every health question is answered Có or Không, as on the 2021 form.
        var answers = page.Locator(".yn input[value=no]");
        for (var i = 0; i < await answers.CountAsync(); i++)
            await answers.Nth(i).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Khai báo và ghi nhận vào" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận vào Bảo Tàng Mỹ Thuật");

        // The browser is now a declared device: the same link offers in and out directly.
        await page.GotoAsync(new Uri(venue.QrPayload).AbsolutePath);
        await Assertions.Expect(page.GetByText("Tờ khai y tế của bạn còn hiệu lực")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận ra" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã ghi nhận ra");

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var history = await Citizens.HistoryAsync(health, venue.VenueId);
        Assert.Equal(2, history.Count);
        Assert.All(history, r => Assert.Equal("Bùi Xuân Phái", r.VisitorName));
        // The phone declared on the page is the phone tracing uses (it was lost before: the device has no phone of its own).
        Assert.All(history, r => Assert.Equal(phone, r.VisitorPhone));
        Assert.All(history, r => Assert.Equal(V1.ScanStatus.Accepted, r.Status));
        Assert.Equal([V1.Direction.In, V1.Direction.Out], history.Select(r => r.Direction).Order());
    }

    [Fact]
    public async Task An_altered_link_is_refused_and_offers_no_form()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Chợ Đêm");
        var path = new Uri(venue.QrPayload).AbsolutePath;
        var altered = path[..^2] + (path[^2] == 'A' ? "B" : "A") + path[^1];
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);

        await page.GotoAsync(altered);

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("không phải do hệ thống cấp");
        await Assertions.Expect(page.Locator("form[method=post][action^='/v/']")).ToHaveCountAsync(0);
        Assert.Empty(await Citizens.HistoryAsync(manager, venue.VenueId));
    }
}
