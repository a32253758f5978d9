using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>
/// "Lịch sử quét mã QR" in Debian's chromium: a manager reads the scans of every venue they manage (and of no other),
/// filters by venue and visitor, pages and downloads the CSV; a stranger is sent to sign in.
/// </summary>
public sealed class ScanHistoryPageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_manager_with_two_venues_sees_the_scans_of_both_filters_them_and_downloads_the_csv(bool phone)
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/lich-su-quet");
        using var manager = await ClientOfAsync(page);
        var pho = await Citizens.RegisterVenueAsync(manager, "Quán Phở Hòa Pasteur");
        var market = await Citizens.RegisterVenueAsync(manager, "Chợ Bến Thành — cổng chính");
        var (stranger, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var other = await Citizens.RegisterVenueAsync(stranger, "Tiệm Vàng Kim Thành");
        var (an, _) = await Citizens.DeclaredDeviceAsync(Server, "Trần Thị An");
        var (binh, _) = await Citizens.DeclaredDeviceAsync(Server, "Lê Văn Bình");
        var t = Citizens.ThisMinute();
        await Citizens.ScanAsync(an, pho, Direction.In, t.AddMinutes(-50));
        await Citizens.ScanAsync(binh, market, Direction.In, t.AddMinutes(-40));
        await Citizens.ManualEntryAsync(manager, market, new ManualVisitor { FullName = "Hồ Xuân Hương", Phone = "0966323123", BirthYear = 1948 }, Direction.Out, t);
        await Citizens.ScanAsync(an, other, Direction.In, t.AddMinutes(-20));

        await page.ReloadAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/lich-su-quet$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Khách đến địa điểm của tôi" })).ToHaveAttributeAsync("aria-current", "page");
        var rows = page.Locator("#lich-su tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        // Newest first, the time in Vietnam's time, the visitor as the API masks them.
        await Assertions.Expect(rows.First).ToContainTextAsync(t.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(rows.First).ToContainTextAsync("HỒ XUÂN ***");
        await Assertions.Expect(rows.First).ToContainTextAsync("0966 323 ***");
        await Assertions.Expect(rows.First).ToContainTextAsync("Nhập tay");
        await Assertions.Expect(rows.First).ToContainTextAsync("Ra");
        await Assertions.Expect(rows.Last).ToContainTextAsync("Quán Phở Hòa Pasteur");
        await Assertions.Expect(rows.Last).ToContainTextAsync("Tự quét");
        await Assertions.Expect(page.Locator("#lich-su")).Not.ToContainTextAsync("Tiệm Vàng Kim Thành");
        await Assertions.Expect(page.Locator("#lich-su")).Not.ToContainTextAsync("Hương");
        await NoHorizontalScrollAsync(page);
        await ShotAsync(page, "lich-su-quet", phone);

        await page.GetByLabel("Địa điểm").SelectOptionAsync(new SelectOptionValue { Label = "Chợ Bến Thành — cổng chính" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        foreach (var row in await rows.AllAsync())
            await Assertions.Expect(row).ToContainTextAsync("Chợ Bến Thành");

        await page.GetByLabel("Địa điểm").SelectOptionAsync(new SelectOptionValue { Label = "Tất cả địa điểm" });
        await page.GetByLabel("Khách").FillAsync("0966 323");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync("HỒ XUÂN ***");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Xuất CSV" }).ClickAsync());
        Assert.Matches(@"^lich-su-quet-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Thời gian quét (giờ Việt Nam, UTC+7),", lines[0], StringComparison.Ordinal);
        Assert.Contains("HỒ XUÂN ***", lines[1], StringComparison.Ordinal);
        Assert.Contains(VenueCode.Display(market.VenueId), lines[1], StringComparison.Ordinal);
        Assert.StartsWith(t.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_venues_page_shows_its_history_in_the_same_rows_and_its_csv_is_named_after_its_code(bool phone)
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/lich-su-quet");
        using var manager = await ClientOfAsync(page);
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà Văn Hoá Thanh Niên");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Võ Thị Sáu");
        var t = Citizens.ThisMinute();
        await Citizens.ScanAsync(visitor, venue, Direction.In, t.AddMinutes(-20));
        await Citizens.ManualEntryAsync(manager, venue, new ManualVisitor { FullName = "Hồ Xuân Hương", Phone = "0966323123", BirthYear = 1948 }, Direction.In, t);

        await page.GotoAsync($"/dia-diem/{Uri.EscapeDataString(venue.VenueId)}");
        var rows = page.Locator("#lich-su tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync("HỒ XUÂN ***");
        await Assertions.Expect(rows.Last).ToContainTextAsync("VÕ THỊ ***");
        // One venue: no venue column; the same columns as the history across venues otherwise.
        await Assertions.Expect(page.Locator("#lich-su thead th")).ToHaveTextAsync(["Thời gian (giờ Việt Nam)", "Khách", "Năm sinh", "Chiều", "Cách quét", "Tờ khai y tế", "Sàng lọc y tế"]);
        await NoHorizontalScrollAsync(page);
        await ShotAsync(page, "dia-diem", phone);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Xuất CSV" }).ClickAsync());
        Assert.Matches($@"^lich-su-quet-{Regex.Escape(VenueCode.Display(venue.VenueId))}-\d{{4}}-\d{{2}}-\d{{2}}\.csv$", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], line => Assert.Contains($",Nhà Văn Hoá Thanh Niên,{VenueCode.Display(venue.VenueId)},", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_history_across_venues_is_shown_a_page_at_a_time_and_over_scanning_is_marked()
    {
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/lich-su-quet");
        using var manager = await ClientOfAsync(page);
        var first = await Citizens.RegisterVenueAsync(manager, "Ga Sài Gòn — sảnh A");
        var second = await Citizens.RegisterVenueAsync(manager, "Ga Sài Gòn — sảnh B");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Hành Khách Nhiều Lần");
        // Every scan on one UTC day, the day a person's scans are counted on: early in the UTC day, the day before.
        var t = Citizens.ThisMinute();
        var midnight = new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero);
        if (t - midnight <= TimeSpan.FromMinutes(3 * (Tracing.Server.Web.ScanHistoryFilter.PageSize + 2)))
            t = midnight.AddMinutes(-1);
        for (var i = 0; i <= Tracing.Server.Web.ScanHistoryFilter.PageSize; i++)
            await Citizens.ScanAsync(visitor, i % 2 == 0 ? first : second, i % 4 < 2 ? Direction.In : Direction.Out, t.AddMinutes(-3 * (i + 1)));

        await page.ReloadAsync();
        var rows = page.Locator("#lich-su tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(Tracing.Server.Web.ScanHistoryFilter.PageSize);
        await Assertions.Expect(rows.Filter(new() { HasText = "sảnh A" })).ToHaveCountAsync(50);
        await Assertions.Expect(rows.Filter(new() { HasText = "sảnh B" })).ToHaveCountAsync(50);
        // A person scanning a hundred times a day is marked for checking, in words.
        await Assertions.Expect(rows.Filter(new() { HasText = "Quét quá nhiều lần trong ngày" }).First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Trang sau" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows).ToContainTextAsync("sảnh A");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Trang sau" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Về trang đầu" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(Tracing.Server.Web.ScanHistoryFilter.PageSize);
    }

    [Fact]
    public async Task A_manager_never_sees_another_venues_scans_even_by_naming_it()
    {
        var page = await browser.NewPageAsync(Server.WebAddress);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/lich-su-quet");
        using var manager = await ClientOfAsync(page);
        await Citizens.RegisterVenueAsync(manager, "Nhà Sách Phương Nam");
        var (owner, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var foreign = await Citizens.RegisterVenueAsync(owner, "Rạp Chiếu Phim Bên Cạnh");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Khách Xem Phim");
        await Citizens.ScanAsync(visitor, foreign, Direction.In, Citizens.ThisMinute().AddMinutes(-5));

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByText("Chưa có lượt quét nào khớp bộ lọc")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Địa điểm").Locator("option")).ToHaveTextAsync(["Tất cả địa điểm", "Nhà Sách Phương Nam"]);

        var named = await page.GotoAsync("/lich-su-quet?dia-diem=" + Uri.EscapeDataString(foreign.VenueId));
        Assert.Equal(403, named!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Bạn không quản lý địa điểm này");
        await Assertions.Expect(page.Locator("#lich-su")).ToHaveCountAsync(0);
        Assert.DoesNotContain("KHÁCH XEM", (await page.ContentAsync()).ToUpperInvariant(), StringComparison.Ordinal);

        // The API itself refuses the download (the page does not ask it whether the venue is mine).
        var csv = await page.GotoAsync("/lich-su-quet.csv?dia-diem=" + Uri.EscapeDataString(foreign.VenueId));
        Assert.Equal(403, csv!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Bạn không quản lý địa điểm");
        await ShotAsync(page, "csv-bi-tu-choi", phone: false);
        Assert.StartsWith("text/html", csv.Headers["content-type"], StringComparison.Ordinal);
        var venueCsv = await page.GotoAsync($"/dia-diem/{Uri.EscapeDataString(foreign.VenueId)}/lich-su.csv");
        Assert.Equal(403, venueCsv!.Status);
    }

    [Theory]
    [InlineData("/lich-su-quet", "/lich-su-quet")]
    [InlineData("/lich-su-quet/cua-toi", "/lich-su-quet/cua-toi")]
    [InlineData("/lich-su-quet.csv?khach=0966", "/lich-su-quet?khach=0966")]
    public async Task A_stranger_is_sent_to_sign_in_and_back_to_the_page_after(string path, string back)
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await page.GotoAsync(path);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/dang-nhap\\?tiep=" + Regex.Escape(Uri.EscapeDataString(back)) + "$"));
        await Assertions.Expect(page.GetByLabel("Số điện thoại")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Someone_who_manages_no_venue_is_told_so_in_vietnamese_and_pointed_to_their_own_visits()
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/lich-su-quet");
        await Assertions.Expect(page.GetByText("Bạn chưa quản lý địa điểm nào")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Tôi đến các địa điểm" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/lich-su-quet/cua-toi$"));
        await NoHorizontalScrollAsync(page);
    }

    [Fact]
    public async Task Days_are_typed_as_vietnamese_write_them_and_a_range_the_wrong_way_round_is_explained_beside_the_field()
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/lich-su-quet");
        using var manager = await ClientOfAsync(page);
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Cơm Tấm");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Khách Ăn Trưa");
        var now = Citizens.ThisMinute();
        await Citizens.ScanAsync(visitor, venue, Direction.In, now);
        var today = now.ToOffset(TimeSpan.FromHours(7));
        string Day(DateTimeOffset day) => day.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await page.ReloadAsync();
        var rows = page.Locator("#lich-su tbody tr");

        await page.GetByLabel("Từ ngày").FillAsync(Day(today));
        await page.GetByLabel("Đến ngày").FillAsync(Day(today));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);

        await page.GetByLabel("Từ ngày").FillAsync(Day(today.AddDays(-2)));
        await page.GetByLabel("Đến ngày").FillAsync(Day(today.AddDays(-1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Chưa có lượt quét nào khớp bộ lọc")).ToBeVisibleAsync();

        await page.GetByLabel("Từ ngày").FillAsync(Day(today));
        await page.GetByLabel("Đến ngày").FillAsync(Day(today.AddDays(-1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(page.Locator("#den-loi")).ToContainTextAsync("“Đến ngày” phải cùng ngày hoặc sau “Từ ngày”");
        await Assertions.Expect(page.GetByLabel("Từ ngày")).ToHaveValueAsync(Day(today));
        await Assertions.Expect(page.Locator("#lich-su")).ToHaveCountAsync(0);

        await page.GetByLabel("Từ ngày").FillAsync("31/02/2026");
        await page.GetByLabel("Đến ngày").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tu-loi")).ToContainTextAsync("Ngày chưa đúng");
        await NoHorizontalScrollAsync(page);
        await ShotAsync(page, "lich-su-quet-loi-ngay", phone: true);
    }

    /// <summary>A gRPC client of the person signed in on <paramref name="page"/> (with the portal's own session token).</summary>
    internal async Task<Tracing.Clients.TracingClient> ClientOfAsync(IPage page)
    {
        var session = (await page.Context.CookiesAsync()).Single(cookie => cookie.Name == "tracing_session");
        return Server.WithToken(session.Value);
    }

    /// <summary>The page fits its screen: nothing wider than the window (no sideways scrolling of the page).</summary>
    internal static async Task NoHorizontalScrollAsync(IPage page)
    {
        var (scroll, inner) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        Assert.True(scroll <= inner, $"The page is {scroll} px wide in a {inner} px window.");
    }

    /// <summary>A full-page screenshot for a person to look at (only where <c>TRACING_SHOTS</c> names a folder).</summary>
    internal static Task ShotAsync(IPage page, string name, bool phone) => Portal.ShootAsync(page, $"{name}-{(phone ? 390 : 1280)}");
}
