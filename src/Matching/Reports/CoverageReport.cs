using Tracing.Matching.Internal;
using Tracing.Matching.Ledger;
using Tracing.Matching.Records;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Reports;

/// <summary>
/// The roll-out coverage report for district and province offices: EVERY sub-region of a region on a day in Vietnam —
/// the 63 provinces of the country, all the districts of a province, or all the wards of a district, those without a
/// venue included with zeros — least covered first, and the region's own totals. "Least covered" means: no venue
/// registered at all first, then the smallest share of registered venues that scanned that day, then the fewest
/// scans, so the ones an office must chase stand out.
/// </summary>
public sealed class CoverageReport
{
    /// <summary>Days of scans in each row's trend, ending on the report's day.</summary>
    public const int TrendDays = 7;

    /// <summary>The name of the whole country's total row.</summary>
    public const string CountryName = "Toàn quốc";

    private readonly FasterStore _store;
    private readonly Venues _venues;
    private readonly CheckIns _checkIns;

    internal CoverageReport(FasterStore store, Venues venues, CheckIns checkIns)
    {
        _store = store;
        _venues = venues;
        _checkIns = checkIns;
    }

    /// <summary>
    /// Coverage of <paramref name="regionCode"/>'s sub-regions on <paramref name="day"/>: empty for the country (by
    /// province), a province code (by district) or a district code (by ward); refuses a ward or a code that is not a
    /// unit of 2021 (INVALID_ARGUMENT on <c>region_code</c>). The rows come from the table of administrative units,
    /// the counts from the region's venues (its index, never every venue) and the day's declarations.
    /// </summary>
    public RegionCoverage For(string regionCode, DateOnly day)
    {
        var region = RegionOf(regionCode);
        var from = VietnamTime.StartOf(day);
        var until = from + Days.Seconds;
        var trendFrom = from - ((TrendDays - 1) * Days.Seconds);
        var assessed = _store.ReadList<uint>(StoreKeys.ForAssessmentsOfDay(VietnamTime.DayNumberOf(from))).ToHashSet();
        var rows = AdministrativeRegions.ChildrenOf(regionCode).ToDictionary(u => u.Code, _ => new Tally(), StringComparer.Ordinal);
        var total = new Tally();
        foreach (var number in _venues.NumbersIn(regionCode))
        {
            if (_venues.Find(number) is not { } venue || venue.CreatedAt.ToUnixTimeSeconds() >= until)
                continue;
            var place = new RegionCodes(venue.ProvinceCode, venue.Details.DistrictCode, venue.Details.WardCode);
            // A venue whose codes do not nest (registered before they were checked) counts nowhere it does not lie.
            if (!Within(place, region) || !rows.TryGetValue(ChildOf(place, region), out var tally))
                continue;
            var scans = _checkIns.ScansAt(venue.Number, trendFrom, until - 1);
            var today = 0;
            foreach (var scan in scans)
            {
                var index = (scan.At - trendFrom) / Days.Seconds;
                tally.DailyScans[index]++;
                total.DailyScans[index]++;
                if (scan.At < from)
                    continue;
                today++;
                tally.Visitors.Add(scan.Person);
                total.Visitors.Add(scan.Person);
            }
            var wasAssessed = assessed.Contains(venue.Number);
            tally.Add(today, wasAssessed);
            total.Add(today, wasAssessed);
        }
        foreach (var declared in _store.ReadList<NumericRegion>(StoreKeys.ForDeclarationsOfDay(VietnamTime.DayNumberOf(from))))
        {
            var place = declared.ToCodes();
            if (Within(place, region) && rows.TryGetValue(ChildOf(place, region), out var tally))
            {
                tally.Declarations++;
                total.Declarations++;
            }
        }
        var ordered = rows
            .Select(r => r.Value.ToRow(r.Key, AdministrativeRegions.NameOf(r.Key)))
            .OrderBy(r => r.VenuesRegistered > 0)
            .ThenBy(r => r.ActiveShare)
            .ThenBy(r => r.Scans)
            .ThenBy(r => r.RegionCode, StringComparer.Ordinal)
            .ToList();
        return new RegionCoverage(total.ToRow(regionCode, region?.Name ?? CountryName), ordered);
    }

    /// <summary>The unit asked about (null for the country); refuses what coverage cannot list by sub-region.</summary>
    private static AdministrativeUnit? RegionOf(string regionCode)
    {
        if (regionCode.Length == 0)
            return null;
        return AdministrativeRegions.Find(regionCode) switch
        {
            { Level: 3 } ward => throw new TracingException([new FieldRefusal(
                "region_code",
                $"region_code '{regionCode}' is a ward ({ward.Name}): coverage lists the wards of a district; give the district's code ({ward.ParentCode}).",
                $"{ward.Name} là phường/xã: báo cáo liệt kê các phường/xã của một quận/huyện; bạn vui lòng chọn {AdministrativeRegions.NameOf(ward.ParentCode)}.")]),
            { } unit => unit,
            null => throw new TracingException([new FieldRefusal(
                "region_code",
                $"region_code '{regionCode}' is neither empty (the country), a province code of 2021 (e.g. 79) nor a district code of 2021 (e.g. 760).",
                $"Khu vực \"{regionCode}\" không có trong danh mục hành chính năm 2021; bạn vui lòng chọn Tỉnh/TP hoặc Quận/Huyện trong danh sách.")]),
        };
    }

    private static bool Within(RegionCodes place, AdministrativeUnit? region) => region switch
    {
        null => true,
        { Level: 1 } => place.Province == region.Code,
        _ => place.Province == region.ParentCode && place.District == region.Code,
    };

    private static string ChildOf(RegionCodes place, AdministrativeUnit? region) => region switch
    {
        null => place.Province,
        { Level: 1 } => place.District,
        _ => place.Ward,
    };

    private sealed class Tally
    {
        public long VenuesRegistered;
        public long VenuesActive;
        public long Scans;
        public long Declarations;
        public long SafetyAssessments;
        public readonly HashSet<uint> Visitors = [];
        public readonly long[] DailyScans = new long[TrendDays];

        public void Add(int scansToday, bool assessed)
        {
            VenuesRegistered++;
            Scans += scansToday;
            if (scansToday > 0)
                VenuesActive++;
            if (assessed)
                SafetyAssessments++;
        }

        public CoverageRow ToRow(string code, string name)
            => new(code, name, VenuesRegistered, VenuesActive, Scans, Visitors.Count, Declarations, SafetyAssessments, DailyScans);
    }
}
