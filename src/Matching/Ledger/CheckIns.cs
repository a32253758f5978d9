using System.Runtime.InteropServices;
using Tracing.Matching.Internal;
using Tracing.Matching.Model;
using Tracing.Matching.Records;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Ledger;

/// <summary>One scan to record. <paramref name="Scope"/> is the sending device's user id, which scopes the client event id.</summary>
public sealed record ScanCommand(
    string Scope,
    string ClientEventId,
    Person Person,
    VenueInfo Venue,
    DateTimeOffset ScannedAt,
    ScanDirection Direction,
    ScanMethod Method,
    uint Controller);

/// <summary>The answer to a scan; <paramref name="Duplicate"/> when it repeats an earlier delivery.</summary>
public readonly record struct ScanResult(ScanOutcome Outcome, bool Duplicate, uint Venue);

/// <summary>
/// The scan ledger: every scan is appended to its venue's bucket and to the person's itinerary for the day
/// (both packed <see cref="ScanEvent"/> lists), and answered idempotently by client event id.
/// </summary>
public sealed class CheckIns
{
    /// <summary>How far ahead of the server clock a device clock may run.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly Declarations _declarations;
    private readonly TracingRules _rules;
    private readonly KeyLocks _locks = new();

    internal CheckIns(FasterStore store, TimeProvider time, Declarations declarations, TracingRules rules)
    {
        _store = store;
        _time = time;
        _declarations = declarations;
        _rules = rules;
    }

    /// <summary>Records a scan (idempotent by scope and client event id). The caller commits before answering.</summary>
    public ScanResult Record(ScanCommand scan)
    {
        if (string.IsNullOrWhiteSpace(scan.ClientEventId) || scan.ClientEventId.Length > 128)
            throw new TracingException(TracingError.InvalidArgument, "client_event_id is required (at most 128 characters), unique per scan on the device.");
        var now = _time.GetUtcNow();
        if (scan.ScannedAt > now + ClockSkew)
            throw new TracingException(TracingError.InvalidArgument, $"scanned_at {scan.ScannedAt:u} is in the future; check the device clock.");
        if (scan.ScannedAt < now - _rules.Retention)
            throw new TracingException(TracingError.InvalidArgument, $"scanned_at {scan.ScannedAt:u} is older than the {_rules.Retention.TotalDays:0}-day retention period.");

        var receiptKey = StoreKeys.ForScanReceipt(scan.Scope, scan.ClientEventId);
        lock (_locks.For(scan.Scope + scan.ClientEventId))
        {
            if (_store.ReadRecord(receiptKey, ScanReceipt.Parser) is { } receipt)
                return new ScanResult((ScanOutcome)receipt.Status, true, receipt.Venue);

            // A declaration counts if it is valid when the scan reaches the server.
            var outcome = _declarations.IsValid(scan.Person.UserId, now) ? ScanOutcome.Accepted : ScanOutcome.DeclarationRequired;
            var at = scan.ScannedAt.ToUnixTimeSeconds();
            var scanEvent = new ScanEvent(scan.Person.Number, scan.Venue.Number, at, now.ToUnixTimeSeconds(), scan.Controller, scan.Direction, scan.Method, outcome, 0);
            var day = Days.Of(at);
            _store.AppendItem(StoreKeys.ForVenueDay(scan.Venue.Number, day), scanEvent);
            _store.AppendItem(StoreKeys.ForPersonDay(scan.Person.Number, day), scanEvent);
            // The receipt goes last: a crash before it can at worst repeat an event, which pairing absorbs.
            _store.WriteRecord(receiptKey, new ScanReceipt { Status = (int)outcome, Venue = scan.Venue.Number });
            return new ScanResult(outcome, false, scan.Venue.Number);
        }
    }

    /// <summary>
    /// Deletes the scans of every day before <paramref name="firstKeptDay"/> from the venues' buckets and the
    /// people's itineraries (days already swept are remembered, so each day is swept once).
    /// </summary>
    public void DropDaysBefore(long firstKeptDay, IEnumerable<uint> venues, uint lastPerson)
    {
        var swept = (long)_store.ReadCounter("retention:scans");
        // On the first sweep, go back a retention period further than the cut: older data cannot exist.
        var from = swept > 0 ? swept : firstKeptDay - (long)_rules.Retention.TotalDays;
        if (from >= firstKeptDay)
            return;
        foreach (var venue in venues)
        {
            for (var day = from; day < firstKeptDay; day++)
                _store.Delete(StoreKeys.ForVenueDay(venue, day));
        }
        for (var person = 1u; person <= lastPerson; person++)
        {
            for (var day = from; day < firstKeptDay; day++)
                _store.Delete(StoreKeys.ForPersonDay(person, day));
        }
        _store.WriteCounter("retention:scans", (ulong)firstKeptDay);
    }

    /// <summary>A person's scans between two times (unix seconds), sorted by time.</summary>
    public ScanEvent[] ScansOf(uint person, long from, long to) => ReadDays(d => StoreKeys.ForPersonDay(person, d), from, to);

    /// <summary>A venue's scans between two times (unix seconds), sorted by time.</summary>
    public ScanEvent[] ScansAt(uint venue, long from, long to) => ReadDays(d => StoreKeys.ForVenueDay(venue, d), from, to);

    /// <summary>A person's visits that overlap [from, to), derived from their scans.</summary>
    public List<Visit> VisitsOf(uint person, long from, long to)
    {
        // Visits are decided by scans on both sides: the in-scan up to a longest visit before, the out-scan
        // (or next check-in) up to a longest visit after.
        var longest = (long)_rules.LongestVisit.TotalSeconds;
        var scans = ScansOf(person, from - longest, to + longest);
        var visits = new List<Visit>();
        VisitPairing.Pair(scans, _rules, visits);
        visits.RemoveAll(v => !v.Overlaps(from, to));
        return visits;
    }

    private ScanEvent[] ReadDays(Func<long, byte[]> keyOfDay, long from, long to)
    {
        var scans = new List<ScanEvent>();
        for (var day = Days.Of(from); day <= Days.Of(to); day++)
        {
            var stored = _store.ReadPooled(keyOfDay(day));
            if (stored.Buffer is null)
                continue;
            try
            {
                foreach (ref readonly var scan in MemoryMarshal.Cast<byte, ScanEvent>(stored.Span))
                {
                    if (scan.At >= from && scan.At <= to)
                        scans.Add(scan);
                }
            }
            finally
            {
                stored.Return();
            }
        }
        var sorted = scans.ToArray();
        VisitPairing.SortByTime(sorted);
        return sorted;
    }
}
