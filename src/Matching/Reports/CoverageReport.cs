using Tracing.Matching.Internal;
using Tracing.Matching.Ledger;
using Tracing.Matching.Records;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Reports;

/// <summary>
/// The roll-out coverage report for district and province offices: the sub-regions of a region on a day in Vietnam —
/// the provinces of the country, the districts of a province, or the wards of a district — least covered first
/// (the smallest share of registered venues that scanned that day, then the fewest scans), so lagging ones stand out.
/// </summary>
public sealed class CoverageReport
{
    /// <summary>Days of scans in each row's trend, ending on the report's day.</summary>
    public const int TrendDays = 7;

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
    /// province), a province code (by district) or a district code (by ward). With <paramref name="withinProvince"/>,
    /// only that province's places count (a provincial office asking about one of its districts).
    /// </summary>
    public IReadOnlyList<CoverageRow> For(string regionCode, DateOnly day, string withinProvince = "")
    {
        var level = LevelOf(regionCode);
        var from = VietnamTime.StartOf(day);
        var until = from + Days.Seconds;
        var trendFrom = from - ((TrendDays - 1) * Days.Seconds);
        var assessed = _store.ReadList<uint>(StoreKeys.ForAssessmentsOfDay(VietnamTime.DayNumberOf(from))).ToHashSet();
        var rows = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var number in _venues.NumbersIn(regionCode))
        {
            if (_venues.Find(number) is not { } venue)
                continue;
            var place = new RegionCodes(venue.ProvinceCode, venue.Details.DistrictCode, venue.Details.WardCode);
            if (!Within(place, level, regionCode, withinProvince) || venue.CreatedAt.ToUnixTimeSeconds() >= until)
                continue;
            var tally = TallyOf(rows, ChildOf(place, level));
            tally.VenuesRegistered++;
            var scans = _checkIns.ScansAt(venue.Number, trendFrom, until - 1);
            var today = 0;
            foreach (var scan in scans)
            {
                tally.DailyScans[(scan.At - trendFrom) / Days.Seconds]++;
                if (scan.At < from)
                    continue;
                today++;
                tally.Visitors.Add(scan.Person);
            }
            tally.Scans += today;
            if (today > 0)
                tally.VenuesActive++;
            if (assessed.Contains(venue.Number))
                tally.SafetyAssessments++;
        }
        foreach (var declared in _store.ReadList<NumericRegion>(StoreKeys.ForDeclarationsOfDay(VietnamTime.DayNumberOf(from))))
        {
            var place = declared.ToCodes();
            if (Within(place, level, regionCode, withinProvince))
                TallyOf(rows, ChildOf(place, level)).Declarations++;
        }
        return rows
            .Select(r => new CoverageRow(r.Key, level == Level.Country ? AdministrativeRegions.ProvinceNames.GetValueOrDefault(r.Key, "") : "", r.Value.VenuesRegistered, r.Value.VenuesActive, r.Value.Scans, r.Value.Visitors.Count, r.Value.Declarations, r.Value.SafetyAssessments, r.Value.DailyScans))
            .OrderBy(r => r.ActiveShare)
            .ThenBy(r => r.Scans)
            .ThenBy(r => r.RegionCode, StringComparer.Ordinal)
            .ToList();
    }

    private enum Level
    {
        Country,
        Province,
        District,
    }

    private static Level LevelOf(string regionCode) => regionCode switch
    {
        "" => Level.Country,
        _ when AdministrativeRegions.IsProvince(regionCode) => Level.Province,
        _ when AdministrativeRegions.IsDistrictFormat(regionCode) => Level.District,
        _ when AdministrativeRegions.IsWardFormat(regionCode) => throw new TracingException(TracingError.InvalidArgument, $"region_code '{regionCode}' is a ward: coverage lists the wards of a district; give the district's code.", $"\"{regionCode}\" là mã của một Phường/Xã: báo cáo bao phủ liệt kê các Phường/Xã của một Quận/Huyện; bạn hãy chọn Quận/Huyện."),
        _ => throw new TracingException(TracingError.InvalidArgument, $"region_code '{regionCode}' is neither empty (the country), a province code of 2021 (e.g. 79) nor a district code (3 digits).", $"\"{regionCode}\" không phải mã của một Tỉnh/TP hay Quận/Huyện. Bạn hãy chọn Tỉnh/TP hoặc Quận/Huyện (để trống là cả nước)."),
    };

    private static bool Within(RegionCodes place, Level level, string regionCode, string withinProvince) =>
        (withinProvince.Length == 0 || place.Province == withinProvince) && level switch
        {
            Level.Country => true,
            Level.Province => place.Province == regionCode,
            _ => place.District == regionCode,
        };

    private static string ChildOf(RegionCodes place, Level level) => level switch
    {
        Level.Country => place.Province,
        Level.Province => place.District,
        _ => place.Ward,
    };

    private static Tally TallyOf(SortedDictionary<string, Tally> rows, string code)
    {
        if (!rows.TryGetValue(code, out var tally))
            rows[code] = tally = new Tally();
        return tally;
    }

    private sealed class Tally
    {
        public long VenuesRegistered;
        public long VenuesActive;
        public long Scans;
        public long Declarations;
        public long SafetyAssessments;
        public readonly HashSet<uint> Visitors = [];
        public readonly long[] DailyScans = new long[TrendDays];
    }
}
