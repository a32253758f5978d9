using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Playwright;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>"Tôi đến các địa điểm" in Debian's chromium: a citizen's own visits and exposure alerts, never the case's identity.</summary>
public sealed class MyVisitsPageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private ServerProcess Server => fixture.Server;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_citizen_sees_their_visits_and_the_exposure_alert_of_a_case_they_shared_a_venue_with(bool phone)
    {
        var t = Citizens.ThisMinute();
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var pho = await Citizens.RegisterVenueAsync(manager, "Quán Phở Thìn Bờ Hồ");
        var cafe = await Citizens.RegisterVenueAsync(manager, "Cà Phê Giảng");
        var library = await Citizens.RegisterVenueAsync(manager, "Thư Viện Khoa Học Tổng Hợp");
        var page = await browser.NewPageAsync(Server.WebAddress, phone);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/lich-su-quet/cua-toi");
        var session = (await page.Context.CookiesAsync()).Single(cookie => cookie.Name == "tracing_session");
        using var citizen = Server.WithToken(session.Value);
        await Citizens.DeclareAsync(citizen, "Phạm Văn Đồng Hành");
        var (patient, patientId) = await Citizens.DeclaredDeviceAsync(Server, "Bệnh Nhân Bí Mật");

        await Citizens.VisitAsync(patient, pho, t.AddHours(-5), t.AddHours(-4));
        await Citizens.VisitAsync(citizen, pho, t.AddMinutes(-270), t.AddMinutes(-230));
        await Citizens.VisitAsync(citizen, cafe, t.AddMinutes(-180), t.AddMinutes(-150));
        await Citizens.ScanAsync(citizen, library, Direction.In, t.AddMinutes(-90));
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
        {
            UserId = patientId,
            TestDate = Timestamp.FromDateTimeOffset(t),
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(t.AddDays(-1)),
        });
        Assert.True(report.ExposuresFound >= 1);

        await page.ReloadAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/lich-su-quet/cua-toi$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Tôi đến các địa điểm" })).ToHaveAttributeAsync("aria-current", "page");

        var alert = page.Locator("#canh-bao li");
        await Assertions.Expect(alert).ToHaveCountAsync(1);
        await Assertions.Expect(alert).ToContainTextAsync("F1: bạn đã tiếp xúc với một ca bệnh");
        await Assertions.Expect(alert).ToContainTextAsync("Cùng địa điểm");
        await Assertions.Expect(alert).ToContainTextAsync("Quán Phở Thìn Bờ Hồ");
        await Assertions.Expect(alert).ToContainTextAsync("1900 9095");
        await Assertions.Expect(alert).ToContainTextAsync(Vietnam(t.AddMinutes(-270)));

        var visits = page.Locator("#luot-den tbody tr");
        await Assertions.Expect(visits).ToHaveCountAsync(3);
        // Newest first, in Vietnam's time; a visit without an out-scan says it closed by itself.
        await Assertions.Expect(visits.Nth(0)).ToContainTextAsync("Thư Viện Khoa Học Tổng Hợp");
        await Assertions.Expect(visits.Nth(0)).ToContainTextAsync("Tự đóng");
        await Assertions.Expect(visits.Nth(1)).ToContainTextAsync("Cà Phê Giảng");
        await Assertions.Expect(visits.Nth(1)).ToContainTextAsync(Vietnam(t.AddMinutes(-180)));
        await Assertions.Expect(visits.Nth(1)).ToContainTextAsync(Vietnam(t.AddMinutes(-150)));
        await Assertions.Expect(visits.Nth(1)).ToContainTextAsync("Đã quét ra");
        await Assertions.Expect(visits.Nth(2)).ToContainTextAsync("Quán Phở Thìn Bờ Hồ");

        var html = await page.ContentAsync();
        Assert.DoesNotContain("Bí Mật", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(patientId, html, StringComparison.Ordinal);
        await ScanHistoryPageTests.NoHorizontalScrollAsync(page);
        await ScanHistoryPageTests.ShotAsync(page, "cua-toi", phone);
    }

    [Fact]
    public async Task Someone_who_went_nowhere_reads_so_in_vietnamese()
    {
        var page = await browser.NewPageAsync(Server.WebAddress, phone: true);
        await Portal.SignInAsync(page, Server, Citizens.NewPhone(), "/lich-su-quet/cua-toi");
        await Assertions.Expect(page.GetByText("Bạn không có cảnh báo phơi nhiễm nào")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Bạn chưa quét mã QR ở địa điểm nào")).ToBeVisibleAsync();
        await ScanHistoryPageTests.NoHorizontalScrollAsync(page);
        await ScanHistoryPageTests.ShotAsync(page, "cua-toi-trong", phone: true);
    }

    private static string Vietnam(DateTimeOffset time) => time.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
