using Microsoft.Playwright;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>The coverage dashboard: a district office enters its key and sees which wards lag, charted and listed.</summary>
public sealed class CoveragePageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    // A district no other test uses, so the report holds exactly these wards.
    private const string District = "775";
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_district_office_sees_the_lagging_ward_first_in_the_chart_and_the_table()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var scanned = await Citizens.RegisterVenueAsync(manager, "Chợ Bình Tây", district: District, ward: "27346");
        await Citizens.RegisterVenueAsync(manager, "Nhà văn hóa", district: District, ward: "27349");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Quách Thị Chợ");
        var today = Citizens.StartOfVietnamDay(DateTimeOffset.UtcNow);
        await Citizens.ScanAsync(visitor, scanned, Direction.In, today);

        var page = await browser.NewPageAsync(Server.WebAddress);
        await page.GotoAsync("/bao-cao-bao-phu");
        await page.GetByLabel("Khóa API của cơ quan y tế").FillAsync(ServerProcess.HealthKey);
        await page.GetByLabel("Mã tỉnh hoặc quận/huyện").FillAsync(District);
        await page.GetByLabel("Ngày", new() { Exact = true }).FillAsync(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem báo cáo" }).ClickAsync();

        await Assertions.Expect(page.Locator("rect.share")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("rect.share").First).ToHaveAttributeAsync("data-region", "27349");
        await Assertions.Expect(page.Locator("rect.share[data-region='27346']")).ToHaveAttributeAsync("data-share", "1.00");
        await Assertions.Expect(page.Locator("tbody tr").First).ToHaveAttributeAsync("data-region", "27349");
        await Assertions.Expect(page.Locator("tbody tr[data-region='27346'] td").Nth(3)).ToHaveTextAsync("1");
        // The key is not echoed back into the page.
        Assert.DoesNotContain(ServerProcess.HealthKey, await page.ContentAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Khóa API của cơ quan y tế").FillAsync("not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem báo cáo" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Khoá truy cập không đúng");
    }
}
