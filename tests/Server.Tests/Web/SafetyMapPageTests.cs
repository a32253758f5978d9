using Microsoft.Playwright;
using Tracing.Clients;
using Tracing.Matching.Safety;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>The public safety map page: a province's facilities drawn by position, coloured by status, and listed.</summary>
public sealed class SafetyMapPageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    // Cà Mau: no other test registers venues there, so the page shows exactly these.
    private const string Province = "96";
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Anyone_picks_a_province_and_sees_which_facilities_are_safe_and_which_must_suspend()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var safe = await Citizens.RegisterVenueAsync(manager, "Chợ Cà Mau", Province, "964", "32002", "restaurant", (9.176, 105.150));
        var unsafeOne = await Citizens.RegisterVenueAsync(manager, "Quán nhậu Bờ Kè", Province, "964", "32002", "restaurant", (9.180, 105.160));
        await Citizens.RegisterVenueAsync(manager, "Văn phòng không toạ độ", Province, "964", "32002", "restaurant");
        await AssessAsync(manager, safe, _ => true);
        await AssessAsync(manager, unsafeOne, item => item.Key is "ventilation" or "hand-sanitiser");

        var page = await browser.NewPageAsync(Server.WebAddress);
        await page.GotoAsync("/ban-do-an-toan");
        await page.GetByLabel("Tỉnh, thành phố").SelectOptionAsync(new SelectOptionValue { Label = "Cà Mau" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("tinh=96"));
        await Assertions.Expect(page.Locator("circle.facility")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"circle.safe[data-venue='{safe.VenueId}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"circle.unsafe[data-venue='{unsafeOne.VenueId}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("li[data-status='unassessed'] strong")).ToHaveTextAsync("1");
        // The list puts those that must suspend first.
        await Assertions.Expect(page.Locator("tbody tr").First).ToContainTextAsync("Quán nhậu Bờ Kè");
        await Assertions.Expect(page.Locator("tbody tr").First).ToContainTextAsync("Phải tạm dừng");
        await Assertions.Expect(page.Locator("tbody tr")).ToHaveCountAsync(3);
        // Those that must suspend are called out with what they lack, in the checklist's words.
        var suspend = page.Locator($"section.must-suspend li[data-venue='{unsafeOne.VenueId}']");
        await Assertions.Expect(suspend).ToContainTextAsync("Quán nhậu Bờ Kè");
        await Assertions.Expect(suspend).ToContainTextAsync("Mọi người đeo khẩu trang");
        await Assertions.Expect(suspend).Not.ToContainTextAsync("Thông gió tốt");
    }

    [Fact]
    public async Task A_district_office_narrows_the_map_to_its_district()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        // Bạc Liêu (95): two districts, one facility each.
        var inDistrict = await Citizens.RegisterVenueAsync(manager, "Trường tiểu học Phường 1", "95", "954", "31825", "school", (9.29, 105.72));
        var elsewhere = await Citizens.RegisterVenueAsync(manager, "Chợ Hồng Dân", "95", "956", "31864", "market", (9.52, 105.41));
        await AssessAsync(manager, inDistrict, item => item.Key == "ventilation");

        var page = await browser.NewPageAsync(Server.WebAddress);
        await page.GotoAsync("/ban-do-an-toan?tinh=95");
        await Assertions.Expect(page.Locator("circle.facility")).ToHaveCountAsync(2);
        await page.GetByLabel("Mã quận, huyện").FillAsync("954");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("huyen=954"));
        await Assertions.Expect(page.Locator("circle.facility")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"circle.unsafe[data-venue='{inDistrict.VenueId}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator($"[data-venue='{elsewhere.VenueId}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("section.must-suspend")).ToContainTextAsync("Giãn cách chỗ ngồi trong lớp");
    }
    private static Task AssessAsync(TracingClient manager, Venue venue, Func<ChecklistItem, bool> inPlace)
        => manager.Safety.SubmitSelfAssessmentAsync(new SubmitSelfAssessmentRequest
        {
            VenueId = venue.VenueId,
            Answers = { SafetyChecklist.For(venue.Category).Select(item => new ChecklistAnswer { Item = item.Key, InPlace = inPlace(item) }) },
        }).ResponseAsync;
}
