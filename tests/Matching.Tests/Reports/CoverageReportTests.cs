using Tracing.Matching.Model;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.Matching.Reports;
using Tracing.Matching.Safety;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Reports;

/// <summary>The coverage report: every sub-region with what it counts on a day (zeros included), the lagging ones first, the region's totals and its week's trend.</summary>
public sealed class CoverageReportTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(EngineTown.Noon.UtcDateTime);

    [Fact]
    public async Task Wards_of_a_district_are_counted_on_the_day_with_the_wards_without_venues_first_then_the_lagging_ward()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var manager = town.NewPerson();
        var busy1 = town.NewVenue("Chợ Bến Thành", manager, province: "79", district: "760", ward: "26734");
        var busy2 = town.NewVenue("Nhà sách", manager, province: "79", district: "760", ward: "26734");
        var lagging1 = town.NewVenue("Quán nước", manager, province: "79", district: "760", ward: "26737");
        town.NewVenue("Tiệm may", manager, province: "79", district: "760", ward: "26737");
        town.NewVenue("Chợ Hà Nội", manager, province: "01", district: "001", ward: "00001");
        var (a, b) = (town.NewPerson(), town.NewPerson());
        town.Stay(a, busy1, EngineTown.Noon.AddHours(-3), EngineTown.Noon.AddHours(-2));
        town.Stay(a, busy2, EngineTown.Noon.AddHours(-1), EngineTown.Noon.AddMinutes(-30));
        town.Stay(b, busy1, EngineTown.Noon.AddHours(-3), EngineTown.Noon.AddHours(-2));
        town.Stay(b, lagging1, EngineTown.Noon.AddHours(-1), EngineTown.Noon.AddMinutes(-30));
        // Two days ago, for the trend only.
        town.Stay(a, busy1, EngineTown.Noon.AddDays(-2), EngineTown.Noon.AddDays(-2).AddHours(1));
        town.Engine.Declarations.Submit(a, new DeclarationForm("A", 1990, "", 1, false, []) { Region = new RegionCodes("79", "760", "26737") });
        town.Engine.Declarations.Submit(b, new DeclarationForm("B", 1990, "", 1, false, []) { Region = new RegionCodes("79", "760", "26737") });
        town.Engine.Safety.Assess(manager.UserId, busy1.VenueId, SafetyChecklist.For("").Select(i => (i.Key, true)).ToList());

        var report = town.Engine.Coverage.For("760", Today);
        var rows = report.Rows;

        // Quận 1 has 10 wards: the 8 without a venue come first (in code order), with zeros and their names.
        Assert.Equal(10, rows.Count);
        Assert.Equal(["26737", "26734"], rows.Skip(8).Select(r => r.RegionCode));
        Assert.All(rows.Take(8), r => Assert.Equal((0L, 0L, 0L, 0L), (r.VenuesRegistered, r.VenuesActive, r.Scans, r.Declarations)));
        Assert.Equal("Phường Bến Nghé", rows.Single(r => r.RegionCode == "26740").RegionName);
        Assert.Equal("Phường Tân Định", rows[^1].RegionName);
        var lagging = rows[8];
        Assert.Equal((2L, 1L, 2L, 1L, 2L, 0L), (lagging.VenuesRegistered, lagging.VenuesActive, lagging.Scans, lagging.DistinctVisitors, lagging.Declarations, lagging.SafetyAssessments));
        var busy = rows[9];
        Assert.Equal((2L, 2L, 6L, 2L, 0L, 1L), (busy.VenuesRegistered, busy.VenuesActive, busy.Scans, busy.DistinctVisitors, busy.Declarations, busy.SafetyAssessments));
        Assert.Equal([0L, 0L, 0L, 0L, 2L, 0L, 6L], busy.DailyScans);
        // The district's own totals: sums, but each visitor once.
        var total = report.Total;
        Assert.Equal(("760", "Quận 1"), (total.RegionCode, total.RegionName));
        Assert.Equal((4L, 3L, 8L, 2L, 2L, 1L), (total.VenuesRegistered, total.VenuesActive, total.Scans, total.DistinctVisitors, total.Declarations, total.SafetyAssessments));
        Assert.Equal([0L, 0L, 0L, 0L, 2L, 0L, 8L], total.DailyScans);
    }

    [Fact]
    public async Task The_country_lists_all_63_provinces_by_name_a_province_all_its_districts_and_a_ward_is_refused()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var manager = town.NewPerson();
        town.NewVenue("Chợ Bến Thành", manager, province: "79", district: "760", ward: "26734");
        town.NewVenue("Chợ Hà Nội", manager, province: "01", district: "001", ward: "00001");
        // A declaration whose codes do not nest (Ba Đình is no district of Hồ Chí Minh City) counts in none of its districts.
        town.Engine.Declarations.Submit(town.NewPerson(), new DeclarationForm("C", 1990, "", 1, false, []) { Region = new RegionCodes("79", "001", "00001") });

        var country = town.Engine.Coverage.For("", Today);
        var province = town.Engine.Coverage.For("79", Today);

        Assert.Equal(63, country.Rows.Count);
        Assert.Equal(["Thành phố Hà Nội", "Thành phố Hồ Chí Minh"], country.Rows.Skip(61).Select(r => r.RegionName).Order());
        Assert.Equal(("", CoverageReport.CountryName, 2L), (country.Total.RegionCode, country.Total.RegionName, country.Total.VenuesRegistered));
        Assert.Equal(AdministrativeRegions.ChildrenOf("79").Count, province.Rows.Count);
        Assert.Equal(("760", "Quận 1", 1L), (province.Rows[^1].RegionCode, province.Rows[^1].RegionName, province.Rows[^1].VenuesRegistered));
        Assert.Contains(province.Rows, r => r.RegionName == "Huyện Cần Giờ" && r.VenuesRegistered == 0);
        Assert.DoesNotContain(province.Rows, r => r.RegionCode == "001");
        Assert.Equal(0, province.Total.Declarations);
        var ward = Assert.Throws<TracingException>(() => town.Engine.Coverage.For("26734", Today));
        Assert.Contains("ward", ward.Message, StringComparison.Ordinal);
        Assert.Equal("region_code", Assert.Single(ward.Fields).Field);
        Assert.Equal(TracingError.InvalidArgument, Assert.Throws<TracingException>(() => town.Engine.Coverage.For("7", Today)).Error);
        Assert.Equal(TracingError.InvalidArgument, Assert.Throws<TracingException>(() => town.Engine.Coverage.For("999", Today)).Error);
    }

    [Fact]
    public async Task A_venue_registered_after_the_day_is_not_counted_on_it()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var manager = town.NewPerson();
        town.NewVenue("Chợ Bến Thành", manager, province: "79", district: "760", ward: "26734");

        Assert.Equal(0, town.Engine.Coverage.For("760", Today.AddDays(-1)).Total.VenuesRegistered);
        Assert.Equal(1, town.Engine.Coverage.For("760", Today).Rows.Single(r => r.RegionCode == "26734").VenuesRegistered);
    }

    [Fact]
    public async Task A_day_is_Vietnams_day_and_a_days_assessments_stay_counted_after_the_next_ones()
    {
        // 10 Aug 2021, 16:30 UTC is 23:30 in Vietnam; 17:30 UTC is already 00:30 on 11 Aug there.
        var lateEvening = new DateTimeOffset(2021, 8, 10, 16, 30, 0, TimeSpan.Zero);
        await using var town = new EngineTown(lateEvening.AddHours(-10));
        var manager = town.NewPerson();
        var market = town.NewVenue("Chợ Bến Thành", manager, province: "79", district: "760", ward: "26734");
        var everything = SafetyChecklist.For("").Select(i => (i.Key, true)).ToList();
        var visitor = town.NewPerson();
        town.Clock.Now = lateEvening;
        town.Engine.Safety.Assess(manager.UserId, market.VenueId, everything);
        town.Clock.Now = lateEvening.AddMinutes(20);
        town.Stay(visitor, market, lateEvening, lateEvening.AddMinutes(20));
        town.Clock.Now = lateEvening.AddHours(1);
        town.Engine.Declarations.Submit(visitor, new DeclarationForm("A", 1990, "", 1, false, []) { Region = new RegionCodes("79", "760", "26734") });
        town.Clock.Now = lateEvening.AddMinutes(80);
        town.Stay(visitor, market, lateEvening.AddHours(1), lateEvening.AddMinutes(80));
        town.Clock.Now = lateEvening.AddDays(1);
        town.Engine.Safety.Assess(manager.UserId, market.VenueId, everything);

        var tenth = town.Engine.Coverage.For("760", new DateOnly(2021, 8, 10)).Rows.Single(r => r.RegionCode == "26734");
        var eleventh = town.Engine.Coverage.For("760", new DateOnly(2021, 8, 11)).Rows.Single(r => r.RegionCode == "26734");

        Assert.Equal((2L, 0L, 1L), (tenth.Scans, tenth.Declarations, tenth.SafetyAssessments));
        Assert.Equal((2L, 1L, 1L), (eleventh.Scans, eleventh.Declarations, eleventh.SafetyAssessments));
        Assert.Equal([0L, 0L, 0L, 0L, 0L, 2L, 2L], eleventh.DailyScans);
    }
}
