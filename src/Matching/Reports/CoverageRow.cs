namespace Tracing.Matching.Reports;

/// <summary>
/// How far the roll-out reached in one sub-region on a day: venues registered (by the day's end), venues with at least
/// one scan, scans, distinct visitors, health declarations of people living there, venues that self-assessed their safety that
/// day, and the scans of the 7 days ending on the day (oldest first).
/// </summary>
public sealed record CoverageRow(
    string RegionCode,
    string RegionName,
    long VenuesRegistered,
    long VenuesActive,
    long Scans,
    long DistinctVisitors,
    long Declarations,
    long SafetyAssessments,
    IReadOnlyList<long> DailyScans)
{
    /// <summary>Share of registered venues that scanned on the day (0 when none is registered).</summary>
    public double ActiveShare => VenuesRegistered == 0 ? 0 : (double)VenuesActive / VenuesRegistered;
}
