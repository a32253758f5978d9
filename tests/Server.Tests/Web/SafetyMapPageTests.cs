using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tracing.Clients;
using Tracing.Matching.Safety;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// The public safety map page: a region's facilities on a Leaflet map served by the server itself, marked in their
/// status's colour with a popup each, a legend, and the list below. The server runs without tiles, so nothing leaves
/// loopback.
/// </summary>
public sealed class SafetyMapPageTests(NoTilesServerFixture fixture, Browser browser) : IClassFixture<NoTilesServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Anyone_picks_a_province_from_the_drop_downs_and_sees_its_facilities_as_coloured_markers_with_popups()
    {
        // Cà Mau: only this test registers venues there.
        var (safe, atRisk, unsafeOne) = await ThreeFacilitiesAsync("96", "964", "32002", "Cà Mau", (9.176, 105.150));
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        await Citizens.RegisterVenueAsync(manager, "Văn phòng Cà Mau không toạ độ", "96", "964", "32002", "office");

        var page = await browser.NewPageAsync(Server.WebAddress);
        var outside = LeavingLoopback(page);
        await page.GotoAsync("/ban-do-an-toan");
        await page.GetByLabel("Tỉnh/TP").SelectOptionAsync(new SelectOptionValue { Label = "Tỉnh Cà Mau" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem bản đồ" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("province_code=96"));
        var markers = page.Locator("#safety-map path.facility-marker");
        await Assertions.Expect(markers).ToHaveCountAsync(3);
        await Assertions.Expect(Marker(page, safe)).ToHaveClassAsync(new Regex(@"\bsafe\b"));
        await Assertions.Expect(Marker(page, safe)).ToHaveAttributeAsync("fill", "#1b8a3a");
        await Assertions.Expect(Marker(page, atRisk)).ToHaveClassAsync(new Regex(@"\bat-risk\b"));
        await Assertions.Expect(Marker(page, atRisk)).ToHaveAttributeAsync("fill", "#e07b00");
        await Assertions.Expect(Marker(page, unsafeOne)).ToHaveClassAsync(new Regex(@"\bunsafe\b"));
        await Assertions.Expect(Marker(page, unsafeOne)).ToHaveAttributeAsync("fill", "#c62828");

        // A popup: name, status, address by names, what is missing in the checklist's words, feedback count.
        await Marker(page, atRisk).ClickAsync();
        var popup = page.Locator(".leaflet-popup-content");
        await Assertions.Expect(popup).ToContainTextAsync("Nhà hàng Cà Mau");
        await Assertions.Expect(popup).ToContainTextAsync("Có nguy cơ");
        await Assertions.Expect(popup).ToContainTextAsync("Phường 4, Thành phố Cà Mau, Tỉnh Cà Mau");
        await Assertions.Expect(popup).ToContainTextAsync("Mọi người đeo khẩu trang");
        await Assertions.Expect(popup).ToContainTextAsync("Thông gió tốt");
        await Assertions.Expect(popup).Not.ToContainTextAsync("Bàn cách nhau ít nhất 2 m");
        await Assertions.Expect(popup).ToContainTextAsync("Góp ý của người dân: 0");
        await Portal.ShootAsync(page, $"map-1280-popup");

        // The legend says what each colour means and how many have it.
        var legend = page.Locator("section.map-legend");
        await Assertions.Expect(legend.Locator("li[data-status='safe']")).ToContainTextAsync("An toàn: 1");
        await Assertions.Expect(legend.Locator("li[data-status='at-risk']")).ToContainTextAsync("Có nguy cơ: 1");
        await Assertions.Expect(legend.Locator("li[data-status='unsafe']")).ToContainTextAsync("Phải tạm dừng: 1");
        await Assertions.Expect(legend.Locator("li[data-status='unassessed']")).ToContainTextAsync("Chưa đánh giá: 1");

        // The list: every facility, those that must suspend first; the one without a position only there, said so.
        var cards = page.Locator("li.facility-card");
        await Assertions.Expect(cards).ToHaveCountAsync(4);
        await Assertions.Expect(cards.First).ToContainTextAsync("Quán nhậu Cà Mau");
        await Assertions.Expect(cards.First).ToContainTextAsync("Phải tạm dừng");
        await Assertions.Expect(page.Locator("li.facility-card", new() { HasText = "Văn phòng Cà Mau không toạ độ" })).ToContainTextAsync("Chưa ghi toạ độ");
        await Assertions.Expect(page.Locator("p.unplaced").First).ToContainTextAsync("1 cơ sở chưa ghi toạ độ");
        var suspend = page.Locator($"section.must-suspend li[data-venue='{unsafeOne.VenueId}']");
        await Assertions.Expect(suspend).ToContainTextAsync("Mọi người đeo khẩu trang");
        await Assertions.Expect(suspend).Not.ToContainTextAsync("Thông gió tốt");

        // The popup closes with its "Đóng" button; a card's button opens its facility's popup on the map.
        await page.GetByRole(AriaRole.Button, new() { Name = "Đóng" }).ClickAsync();
        await Assertions.Expect(popup).ToHaveCountAsync(0);
        await page.Locator($"li.facility-card[data-venue='{safe.VenueId}'] button").ClickAsync();
        await Assertions.Expect(popup).ToContainTextAsync("Chợ Cà Mau");
        await Assertions.Expect(popup).ToContainTextAsync("Không thiếu biện pháp nào.");
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"map-1280");
        Assert.Empty(outside);
    }

    [Fact]
    public async Task On_a_phone_the_map_legend_and_cards_fit_and_no_request_leaves_the_server()
    {
        // Sóc Trăng: only this test registers venues there.
        var (_, atRisk, _) = await ThreeFacilitiesAsync("94", "941", "31498", "Sóc Trăng", (9.60, 105.97));

        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        var outside = LeavingLoopback(page);
        await page.GotoAsync("/ban-do-an-toan?province_code=94");
        await Assertions.Expect(page.Locator("#safety-map path.facility-marker")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#safety-map .leaflet-tile")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("li.facility-card")).ToHaveCountAsync(3);
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"map-390");
        await Marker(page, atRisk).ClickAsync();
        await Assertions.Expect(page.Locator(".leaflet-popup-content")).ToContainTextAsync("Nhà hàng Sóc Trăng");
        await AssertFitsAsync(page);
        // The popup fades in and the map pans to show it whole: the picture is taken after.
        await page.WaitForTimeoutAsync(700);
        await Portal.ShootAsync(page, $"map-390-popup");
        Assert.Empty(outside);
    }

    [Fact]
    public async Task A_district_office_narrows_the_map_to_its_district_with_the_drop_downs()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        // Bạc Liêu (95): two districts, one facility each.
        var inDistrict = await Citizens.RegisterVenueAsync(manager, "Trường tiểu học Phường 1", "95", "954", "31825", "school", (9.29, 105.72));
        var elsewhere = await Citizens.RegisterVenueAsync(manager, "Chợ Hồng Dân", "95", "956", "31864", "market", (9.52, 105.41));
        await AssessAsync(manager, inDistrict, item => item.Key == "ventilation");

        var page = await browser.NewPageAsync(Server.WebAddress);
        await page.GotoAsync("/ban-do-an-toan?province_code=95");
        await Assertions.Expect(page.Locator("#safety-map path.facility-marker")).ToHaveCountAsync(2);
        await page.GetByLabel("Quận/Huyện").SelectOptionAsync(new SelectOptionValue { Label = "Thành phố Bạc Liêu" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem bản đồ" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("district_code=954"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "1 cơ sở ở Thành phố Bạc Liêu, Tỉnh Bạc Liêu" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#safety-map path.facility-marker")).ToHaveCountAsync(1);
        await Assertions.Expect(Marker(page, inDistrict)).ToHaveClassAsync(new Regex(@"\bunsafe\b"));
        await Assertions.Expect(page.Locator($"[data-venue='{elsewhere.VenueId}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("section.must-suspend")).ToContainTextAsync("Giãn cách chỗ ngồi trong lớp");
    }

    [Fact]
    public async Task A_signed_in_citizen_sends_feedback_on_a_facility_from_its_card()
    {
        // Hậu Giang: only this test registers venues there.
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var shop = await Citizens.RegisterVenueAsync(manager, "Siêu thị Vị Thanh", "93", "930", "31318", "market", (9.78, 105.47));

        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await page.GotoAsync("/ban-do-an-toan?province_code=93");
        var card = page.Locator($"li.facility-card[data-venue='{shop.VenueId}']");
        await card.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập để góp ý về cơ sở này" }).ClickAsync();
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), page.Url);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/ban-do-an-toan\\?province_code=93"));

        await card.GetByText("Góp ý về cơ sở này").ClickAsync();
        await card.GetByLabel("Theo bạn, cơ sở này an toàn đến đâu?").SelectOptionAsync("2");
        await card.GetByLabel("Nhận xét (không bắt buộc)").FillAsync("Nhân viên không đeo khẩu trang.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Gửi góp ý" }).ClickAsync();

        await Assertions.Expect(page.Locator(".notice.ok")).ToContainTextAsync("Đã gửi góp ý");
        await Assertions.Expect(card).ToContainTextAsync("Góp ý của người dân: 1");
        await AssertFitsAsync(page);
        await Portal.ShootAsync(page, $"map-390-feedback-sent");
    }

    [Fact]
    public async Task A_district_outside_the_chosen_province_is_refused_beside_its_field()
    {
        using var http = new PortalHttp(Server.WebAddress);
        // 760 is Quận 1 of Hồ Chí Minh City, not a district of Cà Mau.
        var (response, html) = await http.GetAsync("/ban-do-an-toan?province_code=96&district_code=760");
        var body = System.Net.WebUtility.HtmlDecode(html);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"district_code-error\"", body, StringComparison.Ordinal);
        Assert.Contains("Tỉnh Cà Mau", body, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"safety-map\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaflet_is_served_by_the_server_itself()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Server.WebAddress) };
        foreach (var (path, type, text) in new[]
        {
            ("/lib/leaflet/leaflet.js", "text/javascript", "Leaflet"),
            ("/lib/leaflet/leaflet.css", "text/css", ".leaflet-container"),
            ("/lib/leaflet/images/layers.png", "image/png", null),
        })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            if (text is not null)
                Assert.Contains(text, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var missing = await http.GetAsync("/lib/leaflet/leaflet-src.js");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Without_a_tile_setting_the_map_draws_OpenStreetMap_with_its_credit()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = new PortalHttp(server.WebAddress);
        var (_, body) = await http.GetAsync("/ban-do-an-toan?province_code=96");

        Assert.Contains("https://tile.openstreetmap.org/{z}/{x}/{y}.png", Regex.Unescape(body), StringComparison.Ordinal);
        Assert.Contains("Những người đóng góp OpenStreetMap", Regex.Unescape(body), StringComparison.Ordinal);
    }

    /// <summary>Registers a safe market, an at-risk restaurant and an unsafe bar in a ward, apart from each other.</summary>
    private async Task<(Venue Safe, Venue AtRisk, Venue Unsafe)> ThreeFacilitiesAsync(string province, string district, string ward, string town, (double Latitude, double Longitude) at)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var safe = await Citizens.RegisterVenueAsync(manager, $"Chợ {town}", province, district, ward, "market", at);
        var atRisk = await Citizens.RegisterVenueAsync(manager, $"Nhà hàng {town}", province, district, ward, "restaurant", (at.Latitude + 0.01, at.Longitude + 0.012));
        var unsafeOne = await Citizens.RegisterVenueAsync(manager, $"Quán nhậu {town}", province, district, ward, "restaurant", (at.Latitude - 0.008, at.Longitude + 0.02));
        await AssessAsync(manager, safe, _ => true);
        await AssessAsync(manager, atRisk, item => item.Key is not ("masks" or "ventilation"));
        await AssessAsync(manager, unsafeOne, item => item.Key is "ventilation" or "hand-sanitiser");
        return (safe, atRisk, unsafeOne);
    }

    private static ILocator Marker(IPage page, Venue venue) => page.Locator($"#safety-map path.facility-marker[data-venue='{venue.VenueId}']");

    /// <summary>The addresses of every request the page makes to a host other than loopback (none expected).</summary>
    private static List<string> LeavingLoopback(IPage page)
    {
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme != "data" && url.Host is not ("127.0.0.1" or "localhost"))
                lock (outside)
                    outside.Add(request.Url);
        };
        return outside;
    }

    private static async Task AssertFitsAsync(IPage page)
        => Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");

    private static Task AssessAsync(TracingClient manager, Venue venue, Func<ChecklistItem, bool> inPlace)
        => manager.Safety.SubmitSelfAssessmentAsync(new SubmitSelfAssessmentRequest
        {
            VenueId = venue.VenueId,
            Answers = { SafetyChecklist.For(venue.Category).Select(item => new ChecklistAnswer { Item = item.Key, InPlace = inPlace(item) }) },
        }).ResponseAsync;
}
