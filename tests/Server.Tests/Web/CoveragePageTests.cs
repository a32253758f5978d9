using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Tracing.Clients;
using Tracing.Matching.Regions;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// The coverage dashboard: a district office enters its key, picks its district from the lists (no code typed), and
/// sees every ward by name — those without a venue first — charted on whole-number ticks and listed with the totals,
/// on a phone and on a desktop without scrolling sideways, and downloads the same as a CSV file for Excel.
/// </summary>
public sealed class CoveragePageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    [Theory]
    [InlineData(false, "775", "Quận 6", "27346", "27349")]
    [InlineData(true, "776", "Quận 8", "27388", "27391")]
    public async Task A_district_office_picks_its_district_and_sees_every_ward_by_name_with_the_empty_and_lagging_ones_first(bool phone, string district, string districtName, string scannedWard, string laggingWard)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var scanned = await Citizens.RegisterVenueAsync(manager, "Chợ Bình Tây", district: district, ward: scannedWard);
        await Citizens.RegisterVenueAsync(manager, "Nhà văn hóa", district: district, ward: laggingWard);
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Quách Thị Chợ");
        var today = Citizens.StartOfVietnamDay(DateTimeOffset.UtcNow);
        await Citizens.ScanAsync(visitor, scanned, Direction.In, today);
        var wards = AdministrativeRegions.ChildrenOf(district);
        var day = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        await page.GotoAsync("/bao-cao-bao-phu");
        await page.GetByLabel("Khóa API của cơ quan y tế").FillAsync(ServerProcess.HealthKey);
        await page.GetByLabel("Tỉnh/TP cần báo cáo").SelectOptionAsync(new SelectOptionValue { Label = "Thành phố Hồ Chí Minh" });
        await Assertions.Expect(page.GetByLabel("Quận/Huyện cần báo cáo").Locator("option", new() { HasText = districtName })).ToHaveCountAsync(1);
        await page.GetByLabel("Quận/Huyện cần báo cáo").SelectOptionAsync(new SelectOptionValue { Label = districtName });
        await page.GetByLabel("Ngày (giờ Việt Nam)").FillAsync(day);
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem báo cáo" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{districtName} — ngày {today:dd/MM/yyyy} (giờ Việt Nam)" })).ToBeVisibleAsync();
        // Every ward has a bar and a row, by name: the wards without a venue first, then the lagging one, then the scanned one.
        var bars = page.Locator(".bar-row");
        await Assertions.Expect(bars).ToHaveCountAsync(wards.Count);
        await Assertions.Expect(bars.Nth(wards.Count - 2)).ToHaveAttributeAsync("data-region", laggingWard);
        await Assertions.Expect(bars.Last).ToHaveAttributeAsync("data-region", scannedWard);
        await Assertions.Expect(bars.Last.Locator(".bar-label")).ToHaveTextAsync(AdministrativeRegions.NameOf(scannedWard));
        await Assertions.Expect(page.Locator($".share[data-region='{scannedWard}']")).ToHaveAttributeAsync("data-share", "1.00");
        await Assertions.Expect(bars.First.Locator(".bar-value")).ToHaveTextAsync("0/0");
        var ticks = await page.Locator(".coverage-chart .axis").First.Locator(".tick").AllTextContentsAsync();
        Assert.Equal(["0", "1"], ticks);
        var rows = page.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(wards.Count);
        var firstWard = await rows.First.GetAttributeAsync("data-region") ?? "";
        using (var health = Server.WithApiKey(ServerProcess.HealthKey))
            Assert.Equal(0, (await health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = district })).Rows.Single(r => r.RegionCode == firstWard).VenuesRegistered);
        await Assertions.Expect(rows.First.Locator("td").First).ToHaveTextAsync(AdministrativeRegions.NameOf(firstWard));
        await Assertions.Expect(page.Locator($"tbody tr[data-region='{scannedWard}'] td").Nth(4)).ToHaveTextAsync("1");
        Assert.Equal(["Tổng cộng", "2", "1", "50%", "1", "1", "0", "0"], (await page.Locator("tfoot tr td").AllTextContentsAsync()).Take(8));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");
        // The key is not echoed back into the page.
        Assert.DoesNotContain(ServerProcess.HealthKey, await page.ContentAsync(), StringComparison.Ordinal);
        await Portal.ShootAsync(page, $"coverage-{(phone ? 390 : 1280)}");

        // The CSV: a .csv file, UTF-8 with a BOM, Vietnamese headers, every ward by code and name, the day as a Vietnam date, the totals last.
        await page.GetByLabel("Khóa API của cơ quan y tế").FillAsync(ServerProcess.HealthKey);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Tải về tệp CSV" }).ClickAsync());
        Assert.Equal($"bao-cao-bao-phu-{district}-{day}.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Ngày (giờ Việt Nam),Mã khu vực,Khu vực,Số địa điểm đã đăng ký,Số địa điểm có quét mã", lines[0], StringComparison.Ordinal);
        Assert.Equal(wards.Count + 2, lines.Length);
        Assert.StartsWith($"{today:dd/MM/yyyy},{scannedWard},{AdministrativeRegions.NameOf(scannedWard)},1,1,100,1,1,0,0,", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith($"{today:dd/MM/yyyy},{district},Tổng cộng: {districtName},2,1,50,1,1,0,0,", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_country_needs_a_national_key_and_a_wrong_key_is_told_to_sign_in_again()
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await page.GotoAsync("/bao-cao-bao-phu");
        await page.GetByLabel("Khóa API của cơ quan y tế").FillAsync(ServerProcess.HealthKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem báo cáo" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Khóa của bạn chỉ xem được Thành phố Hồ Chí Minh");

        await page.GetByLabel("Khóa API của cơ quan y tế").FillAsync("not-a-key");
        await page.GetByLabel("Tỉnh/TP cần báo cáo").SelectOptionAsync(new SelectOptionValue { Label = "Thành phố Hồ Chí Minh" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem báo cáo" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Khoá truy cập không đúng");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");
    }
}
