using Tracing.Matching.Model;

namespace Tracing.Matching;

/// <summary>
/// Derives visits from one person's scans (SPEC §2 "Scans"): an in-scan pairs with the next out-scan at the
/// same venue; a visit with no out-scan closes after the default dwell or at the person's next in-scan
/// elsewhere, whichever is earlier. A repeated in-scan at the venue of the open visit (a re-scan after
/// declaring) joins that visit. An out-scan with no open visit at its venue is ignored, and one later than
/// the longest visit after its in-scan (a forgotten check-out) closes the visit at the default dwell.
/// </summary>
public static class VisitPairing
{
    /// <summary>Appends the visits of <paramref name="events"/> (one person's, sorted by time) to <paramref name="visits"/>.</summary>
    public static void Pair(ReadOnlySpan<ScanEvent> events, TracingRules rules, List<Visit> visits)
    {
        var dwell = (long)rules.DefaultDwell.TotalSeconds;
        var longest = (long)rules.LongestVisit.TotalSeconds;
        var open = false;
        uint person = 0, venue = 0;
        long start = 0;
        foreach (ref readonly var scan in events)
        {
            if (scan.Direction == ScanDirection.In)
            {
                if (open && scan.Venue == venue && scan.At < start + dwell)
                    continue;
                if (open)
                    visits.Add(new Visit(person, venue, start, Math.Min(scan.At, start + dwell), false));
                (open, person, venue, start) = (true, scan.Person, scan.Venue, scan.At);
            }
            else if (open && scan.Venue == venue)
            {
                visits.Add(scan.At - start <= longest
                    ? new Visit(person, venue, start, scan.At, true)
                    : new Visit(person, venue, start, start + dwell, false));
                open = false;
            }
        }
        if (open)
            visits.Add(new Visit(person, venue, start, start + dwell, false));
    }

    /// <summary>Sorts scan events by time, in-scans before out-scans at the same second.</summary>
    public static void SortByTime(Span<ScanEvent> events)
        => events.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Direction.CompareTo(b.Direction));
}
