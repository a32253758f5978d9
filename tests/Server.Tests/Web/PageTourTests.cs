using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// Every page of the portal and the public site, as a stranger and as a signed-in venue manager, on a 390 px phone and a
/// 1280 px screen: each answers, fits the screen without scrolling sideways, and reads in Vietnamese only. Set
/// <c>TRACING_SHOTS</c> to a folder to keep a screenshot of each.
/// </summary>
public sealed partial class PageTourTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    public static TheoryData<bool> Screens => new() { true, false };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Every_public_page_fits_the_screen_and_reads_in_Vietnamese(bool phone)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Tiệm bánh Hạnh Phúc", at: (10.7769, 106.7009));
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        foreach (var path in new[] { "/", "/huong-dan", "/dang-nhap", "/dang-ky-dia-diem", "/ban-do-an-toan", "/bao-cao-bao-phu", new Uri(venue.QrPayload).AbsolutePath })
            await VisitAsync(page, path, phone ? "390" : "1280", "khach");
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Every_portal_page_of_a_manager_fits_the_screen_and_reads_in_Vietnamese(bool phone)
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone());
        var code = await Portal.RegisterVenueAsync(page, "Quán cơm tấm Bà Ba với một cái tên rất dài để thử xuống dòng");
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var venue = (await health.Venues.GetVenueAsync(new GetVenueRequest { VenueId = code })).Venue;
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Nguyễn Thị Khách Đến Chơi");
        await Citizens.ScanAsync(visitor, venue, Direction.In, Citizens.ThisMinute());

        var id = venue.VenueId;
        foreach (var path in new[] { "/dia-diem", $"/dia-diem/{id}", $"/dia-diem/{id}/cua", "/dang-ky-dia-diem", "/lich-su-quet", "/lich-su-quet/cua-toi", "/kiem-soat-vao-ra", "/ma-ca-nhan", "/huong-dan", "/" })
            await VisitAsync(page, path, phone ? "390" : "1280", "quan-ly");
    }

    private static async Task VisitAsync(IPage page, string path, string screen, string who)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"{path} answered {response?.Status}");
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (pageWidth, screenWidth) = (widths[0], widths[1]);
        Assert.True(pageWidth <= screenWidth, $"{path} at {screen} px is {pageWidth} px wide: the page scrolls sideways.");
        var text = await page.Locator("body").InnerTextAsync();
        var english = EnglishWords().Matches(text).Select(m => m.Value).Distinct().ToList();
        Assert.True(english.Count == 0, $"{path} shows English: {string.Join(", ", english)}");
        await Portal.ShootAsync(page, $"{who}{(path == "/" ? "-trang-chu" : ShotName().Replace(path, "-"))}-{screen}");
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex ShotName();

    /// <summary>English words a Vietnamese page has no reason to show (none of them is a Vietnamese word).</summary>
    [GeneratedRegex(@"\b(the|and|of|is|are|not|please|error|invalid|required|venue|venues|scan|scans|history|sign|submit|download|name|phone|status|unknown|null|undefined)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWords();
}
