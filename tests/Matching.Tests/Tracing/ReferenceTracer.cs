using Tracing.Matching.Model;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Tests.Tracing;

/// <summary>One expected exposure: who, which tier, which kind, and the venue (0 for proximity).</summary>
internal readonly record struct ExpectedExposure(uint Person, ExposureTier Tier, ExposureKind Kind, uint Venue);

/// <summary>A person who shared a venue with a source visit (reference result).</summary>
internal readonly record struct ReferenceVenueContact(uint Person, uint Venue, long Start, long End);

/// <summary>An observer-day that reached the threshold (reference result); minutes kept exact as weighted half-seconds.</summary>
internal readonly record struct ReferenceProximityContact(uint Observer, long Day, long Start, long End, long WeightedHalfSeconds)
{
    public double WeightedMinutes => WeightedHalfSeconds / 120.0;
}

/// <summary>A Bluetooth sighting in a generated town: which of the case's keys (or -1: someone else's identifier) and interval it heard.</summary>
internal readonly record struct ReferenceSighting(uint Observer, int KeyIndex, uint Interval, long SeenAt, int DurationSeconds, int Attenuation);

/// <summary>What tracing a generated town must give: right after the report (venue only), and after the key upload.</summary>
internal sealed record TownExpectation(
    HashSet<ExpectedExposure> AfterReport,
    HashSet<ExpectedExposure> Final,
    Dictionary<uint, long> FirstTier);

/// <summary>
/// SPEC §2 ("Scans", "Cases and tiers") written out with plain loops over lists, to compare the engine with.
/// It shares nothing with the engine but the model structs. Numbers are the SPEC defaults, in seconds.
/// </summary>
internal static class ReferenceTracer
{
    public const long Dwell = 60 * 60;
    public const long LongestVisit = 12 * 60 * 60;
    public const long Linger = 30 * 60;
    public const long Tolerance = 2 * 60 * 60;
    public const long IntervalSeconds = 600;
    public const long DaySeconds = 86_400;

    /// <summary>Weighted minutes needed for F1, as half-seconds (weights are multiples of 0.5, so this stays exact).</summary>
    public const long ThresholdHalfSeconds = 15 * 60 * 2;

    /// <summary>Attenuation weight ×2: ≤ 55 dB 1.0, ≤ 63 dB 1.0, ≤ 73 dB 0.5, above 0.</summary>
    public static int DoubleWeightOf(int attenuation) => attenuation <= 55 ? 2 : attenuation <= 63 ? 2 : attenuation <= 73 ? 1 : 0;

    /// <summary>
    /// Visits of one person's scans (sorted by time). A visit starts at an in-scan and lasts until, whichever
    /// comes first: an out-scan at the same venue (paired, unless more than the longest visit after the in-scan,
    /// then it closes at the dwell); the person's next in-scan elsewhere (closes at that scan or at the dwell,
    /// the earlier); a new in-scan at the same venue once the dwell is over. An in-scan at the same venue within
    /// the dwell is a re-scan and joins the visit. Out-scans at other venues have no visit to close: ignored.
    /// </summary>
    public static List<Visit> Pair(IReadOnlyList<ScanEvent> scans, long dwell = Dwell, long longest = LongestVisit)
    {
        var visits = new List<Visit>();
        var i = 0;
        while (i < scans.Count)
        {
            var first = scans[i];
            if (first.Direction != ScanDirection.In)
            {
                i++; // an out-scan with no visit open
                continue;
            }
            var dwellEnd = first.At + dwell;
            Visit? visit = null;
            var next = scans.Count;
            for (var j = i + 1; j < scans.Count; j++)
            {
                var scan = scans[j];
                if (scan.Direction == ScanDirection.In)
                {
                    if (scan.Venue == first.Venue && scan.At < dwellEnd)
                        continue; // re-scan at the same venue while the visit is open
                    visit = new Visit(first.Person, first.Venue, first.At, Math.Min(scan.At, dwellEnd), false);
                    next = j; // this in-scan starts the next visit
                    break;
                }
                if (scan.Venue != first.Venue)
                    continue; // out-scan elsewhere
                visit = scan.At - first.At <= longest
                    ? new Visit(first.Person, first.Venue, first.At, scan.At, true)
                    : new Visit(first.Person, first.Venue, first.At, dwellEnd, false);
                next = j + 1;
                break;
            }
            visits.Add(visit ?? new Visit(first.Person, first.Venue, first.At, dwellEnd, false));
            i = next;
        }
        return visits;
    }

    /// <summary>Other people's visits at the source's venue that share time with the source's visit extended by the linger.</summary>
    public static List<ReferenceVenueContact> VenueContacts(Visit source, IEnumerable<Visit> others, long linger = Linger)
    {
        var exposedUntil = source.End + linger;
        var contacts = new List<ReferenceVenueContact>();
        foreach (var other in others)
        {
            if (other.Venue != source.Venue || other.Person == source.Person)
                continue;
            var start = Math.Max(other.Start, source.Start);
            var end = Math.Min(other.End, exposedUntil);
            if (start < end)
                contacts.Add(new ReferenceVenueContact(other.Person, source.Venue, start, end));
        }
        return contacts;
    }

    /// <summary>
    /// Proximity: a sighting of the identifier of interval i counts if seen within [i·600 − 2 h, (i+1)·600 + 2 h)
    /// and inside [from, until], and the observer is not the source. Per observer and UTC day, duration × weight.
    /// </summary>
    public static List<ReferenceProximityContact> Proximity(IEnumerable<(uint Interval, Observation Sighting)> sightings, long from, long until, uint source)
    {
        var tallies = new Dictionary<(uint Observer, long Day), (long Start, long End, long HalfSeconds)>();
        foreach (var (interval, o) in sightings)
        {
            long seen = o.SeenAt;
            var broadcastFrom = (long)interval * IntervalSeconds;
            var broadcastUntil = broadcastFrom + IntervalSeconds;
            if (seen < broadcastFrom - Tolerance || seen >= broadcastUntil + Tolerance)
                continue;
            if (seen < from || seen > until || o.Observer == source)
                continue;
            var key = (o.Observer, seen / DaySeconds);
            var half = (long)o.DurationSeconds * DoubleWeightOf(o.Attenuation);
            var end = seen + o.DurationSeconds;
            tallies[key] = tallies.TryGetValue(key, out var t)
                ? (Math.Min(t.Start, seen), Math.Max(t.End, end), t.HalfSeconds + half)
                : (seen, end, half);
        }
        var contacts = new List<ReferenceProximityContact>();
        foreach (var (key, t) in tallies)
        {
            if (t.HalfSeconds >= ThresholdHalfSeconds)
                contacts.Add(new ReferenceProximityContact(key.Observer, key.Day, t.Start, t.End, t.HalfSeconds));
        }
        contacts.Sort((a, b) => (a.Observer, a.Day).CompareTo((b.Observer, b.Day)));
        return contacts;
    }

    /// <summary>
    /// Traces a whole town for one confirmed case. F1: venue contacts of the case's visits inside [from, until)
    /// and proximity contacts of its uploaded keys. F2: venue contacts of each F1's visits after that F1's own
    /// (earliest) exposure, excluding the case and all F1s. <see cref="TownExpectation.AfterReport"/> is the same
    /// with only the venue F1s known (the keys come later); someone found F2 at report time and F1 by the keys
    /// counts as F1 only in <see cref="TownExpectation.Final"/>.
    /// </summary>
    public static TownExpectation TraceTown(
        IReadOnlyList<ScanEvent> scans,
        IReadOnlyList<ReferenceSighting> sightings,
        IReadOnlySet<int> uploadedKeys,
        uint caseNumber,
        long from,
        long until)
    {
        var visitsOf = new Dictionary<uint, List<Visit>>();
        foreach (var group in scans.GroupBy(s => s.Person))
        {
            var itinerary = group.OrderBy(s => s.At).ThenBy(s => s.Direction).ToList();
            visitsOf[group.Key] = Pair(itinerary);
        }
        var allVisits = visitsOf.Values.SelectMany(v => v).ToList();

        // F1 by venue.
        var venueF1 = new Dictionary<uint, long>();
        var venueF1Exposures = new HashSet<ExpectedExposure>();
        foreach (var visit in visitsOf.GetValueOrDefault(caseNumber, []))
        {
            if (!(visit.Start < until && from < visit.End))
                continue;
            var clipped = visit with { Start = Math.Max(visit.Start, from), End = Math.Min(visit.End, until) };
            foreach (var contact in VenueContacts(clipped, allVisits))
            {
                venueF1[contact.Person] = Math.Min(venueF1.GetValueOrDefault(contact.Person, long.MaxValue), contact.Start);
                venueF1Exposures.Add(new ExpectedExposure(contact.Person, ExposureTier.F1, ExposureKind.Venue, contact.Venue));
            }
        }

        // F1 by proximity.
        var counted = new List<(uint, Observation)>();
        foreach (var s in sightings)
        {
            if (s.KeyIndex >= 0 && uploadedKeys.Contains(s.KeyIndex))
                counted.Add((s.Interval, new Observation(s.Observer, (uint)s.SeenAt, (ushort)s.DurationSeconds, (byte)s.Attenuation, 0, 0)));
        }
        var proximityF1 = new Dictionary<uint, long>();
        foreach (var contact in Proximity(counted, from, until, caseNumber))
            proximityF1[contact.Observer] = Math.Min(proximityF1.GetValueOrDefault(contact.Observer, long.MaxValue), contact.Start);

        var afterReport = new HashSet<ExpectedExposure>(venueF1Exposures);
        var reportF2 = SecondTier(venueF1, Exclude(caseNumber, venueF1.Keys), visitsOf, allVisits, until);
        afterReport.UnionWith(reportF2);

        var firstTier = new Dictionary<uint, long>(venueF1);
        foreach (var (person, start) in proximityF1)
            firstTier[person] = Math.Min(firstTier.GetValueOrDefault(person, long.MaxValue), start);
        var final = new HashSet<ExpectedExposure>(venueF1Exposures);
        foreach (var person in proximityF1.Keys)
            final.Add(new ExpectedExposure(person, ExposureTier.F1, ExposureKind.Proximity, 0));
        final.UnionWith(SecondTier(firstTier, Exclude(caseNumber, firstTier.Keys), visitsOf, allVisits, until));
        return new TownExpectation(afterReport, final, firstTier);
    }

    private static HashSet<uint> Exclude(uint caseNumber, IEnumerable<uint> firstTier)
    {
        var exclude = new HashSet<uint>(firstTier) { caseNumber };
        return exclude;
    }

    private static HashSet<ExpectedExposure> SecondTier(
        Dictionary<uint, long> firstTier,
        HashSet<uint> exclude,
        Dictionary<uint, List<Visit>> visitsOf,
        List<Visit> allVisits,
        long until)
    {
        var found = new HashSet<ExpectedExposure>();
        foreach (var (person, exposedAt) in firstTier)
        {
            foreach (var visit in visitsOf.GetValueOrDefault(person, []))
            {
                if (!(visit.Start < until && exposedAt < visit.End))
                    continue;
                var after = visit with { Start = Math.Max(visit.Start, exposedAt), End = Math.Min(visit.End, until) };
                foreach (var contact in VenueContacts(after, allVisits))
                {
                    if (!exclude.Contains(contact.Person))
                        found.Add(new ExpectedExposure(contact.Person, ExposureTier.F2, ExposureKind.Venue, contact.Venue));
                }
            }
        }
        return found;
    }
}
