using System.Buffers;
using System.Runtime.InteropServices;
using Tracing.Matching.Crypto;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;

namespace Tracing.Matching.Tracing;

/// <summary>
/// Finds who a source exposed: F1 at shared venues (with the linger buffer) and by Bluetooth proximity,
/// and F2 at the venues the F1s visited after their own exposure.
/// </summary>
internal sealed class ContactTracer(CheckIns checkIns, Contacts contacts, TracingRules rules)
{
    [ThreadStatic]
    private static VenueScratch? t_scratch;

    private long Longest => (long)rules.LongestVisit.TotalSeconds;
    private long Linger => (long)rules.Linger.TotalSeconds;

    /// <summary>People who shared a venue with <paramref name="source"/> during [from, until).</summary>
    public List<Contact> VenueContacts(uint source, long from, long until, ExposureTier tier, ISet<uint> exclude)
    {
        var found = new List<Contact>();
        foreach (var visit in checkIns.VisitsOf(source, from, until))
        {
            var clipped = visit with { Start = Math.Max(visit.Start, from), End = Math.Min(visit.End, until) };
            foreach (var contact in AtVenue(clipped, exclude))
                found.Add(new Contact(contact.Person, tier, ExposureKind.Venue, contact.Venue, contact.Start, contact.End, contact.Minutes));
        }
        return found;
    }

    /// <summary>
    /// Observers who stood near the holder of <paramref name="keys"/> during [from, until): every partition scores the
    /// observers it holds, side by side; every acknowledged sighting counts.
    /// </summary>
    public List<Contact> ProximityContacts(uint source, IReadOnlyList<DiagnosisKey> keys, long from, long until, ExposureTier tier)
    {
        var found = new List<Contact>();
        foreach (var contact in contacts.ProximityContacts([.. keys], from, until, source))
            found.Add(new Contact(contact.Observer, tier, ExposureKind.Proximity, 0, contact.Start, contact.End, contact.WeightedMinutes));
        return found;
    }

    /// <summary>
    /// F2: people at the venues each F1 visited after their own exposure began (their earliest, when an F1 was
    /// exposed several times), up to <paramref name="until"/>.
    /// </summary>
    public List<Contact> SecondTier(IEnumerable<Contact> firstTier, long until, ISet<uint> exclude)
    {
        var earliest = new Dictionary<uint, long>();
        foreach (var f1 in firstTier)
            earliest[f1.Person] = Math.Min(earliest.GetValueOrDefault(f1.Person, long.MaxValue), f1.Start);
        var found = new List<Contact>();
        foreach (var (person, exposedAt) in earliest)
        {
            if (exposedAt < until)
                found.AddRange(VenueContacts(person, exposedAt, until, ExposureTier.F2, exclude));
        }
        return found;
    }
    /// <summary>
    /// The venue contacts of one visit, in a list this thread reuses (valid until its next call here: callers read it
    /// at once). Its lists are reused too: a case matches dozens of visits, and what a match allocates is what sets off
    /// the garbage collections in the slowest ones.
    /// </summary>
    private List<VenueContact> AtVenue(Visit source, ISet<uint> exclude)
    {
        var scratch = t_scratch ??= new VenueScratch();
        var (candidates, visits, contacts) = (scratch.Candidates, scratch.Visits, scratch.Contacts);
        candidates.Clear();
        visits.Clear();
        contacts.Clear();
        var windowEnd = source.End + Linger;
        checkIns.ScansAt(source.Venue, source.Start - Longest, windowEnd + Longest, scratch.Scans);
        var scans = CollectionsMarshal.AsSpan(scratch.Scans);
        scans.Sort(static (a, b) => a.Person != b.Person ? a.Person.CompareTo(b.Person) : a.At.CompareTo(b.At));
        // The candidates' whole itineraries decide when their visits closed (out-scan, dwell or next check-in
        // elsewhere): one read of every partition for all of them.
        var start = 0;
        while (start < scans.Length)
        {
            var end = start + 1;
            while (end < scans.Length && scans[end].Person == scans[start].Person)
                end++;
            var person = scans[start].Person;
            if (person != source.Person && !exclude.Contains(person) && MayOverlap(scans.Slice(start, end - start), source.Start, windowEnd))
                candidates.Add(person);
            start = end;
        }
        checkIns.VisitsOf([.. candidates], source.Start - Longest, windowEnd, visits);
        VenueMatcher.Match(source, CollectionsMarshal.AsSpan(visits), rules.Linger, contacts);
        // Lists grown by a stadium's day are not kept by the thread.
        if (!ScanReadBuffer.Keeps(visits) || !ScanReadBuffer.Keeps(scratch.Scans))
            t_scratch = null;
        return contacts;
    }

    /// <summary>
    /// Whether a person's scans at one venue (sorted by time) allow a visit overlapping [from, until): every visit
    /// starts at an in-scan and ends no later than the later of its default dwell and the first out-scan at the
    /// venue within the longest visit; a check-in elsewhere can only end it sooner. Most people seen at a busy
    /// venue that day fail this test, and their itineraries need not be read.
    /// </summary>
    private bool MayOverlap(ReadOnlySpan<ScanEvent> scans, long from, long until)
    {
        var dwell = (long)rules.DefaultDwell.TotalSeconds;
        for (var i = 0; i < scans.Length; i++)
        {
            if (scans[i].Direction != ScanDirection.In || scans[i].At >= until)
                continue;
            var latestEnd = scans[i].At + dwell;
            for (var j = i + 1; j < scans.Length && scans[j].At - scans[i].At <= Longest; j++)
            {
                if (scans[j].Direction == ScanDirection.Out)
                {
                    latestEnd = Math.Max(latestEnd, scans[j].At);
                    break;
                }
            }
            if (latestEnd > from)
                return true;
        }
        return false;
    }

    /// <summary>The lists one thread's venue matches reuse.</summary>
    private sealed class VenueScratch
    {
        public List<ScanEvent> Scans { get; } = [];

        public List<uint> Candidates { get; } = [];

        public List<Visit> Visits { get; } = [];

        public List<VenueContact> Contacts { get; } = [];
    }
}
