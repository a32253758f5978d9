using System.Runtime.InteropServices;
using Tracing.Matching.Internal;
using Tracing.Matching.Model;
using Tracing.Matching.Partitions;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage.Scans;

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
    uint Controller)
{
    /// <summary>
    /// A paper declaration staff filed with the visitor at the door (a walk-in without a phone), screened: it counts for
    /// this scan only, in place of the visitor's own declaration; null for none.
    /// </summary>
    public ScreeningOutcome? PaperScreening { get; init; }
}

/// <summary>
/// The answer to a scan; <paramref name="Duplicate"/> when it repeats an earlier delivery. <paramref name="Screening"/>
/// is that of the declaration that counted for the scan (unscreened without one).
/// </summary>
public readonly record struct ScanResult(ScanOutcome Outcome, bool Duplicate, uint Venue, ScreeningOutcome Screening);

/// <summary>
/// The scan ledger: every scan is appended to its venue's bucket and to the person's itinerary for the day (packed
/// lists in the day's store; an itinerary entry carries the scan's receipt), and answered idempotently by client event
/// id: a repeat of the same device's event id for the same person and day is answered as first recorded.
/// </summary>
public sealed class CheckIns
{
    /// <summary>The longest <c>client_event_id</c> a scan may carry.</summary>
    public const int MaxClientEventIdLength = 128;

    /// <summary>How far ahead of the server clock a device clock may run.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly IPartitions _partitions;
    private readonly TimeProvider _time;
    private readonly Declarations _declarations;
    private readonly TracingRules _rules;
    private long _venueDaysRead;

    [ThreadStatic]
    private static List<ScanEvent>? t_itineraries;

    internal CheckIns(IPartitions partitions, TimeProvider time, Declarations declarations, TracingRules rules)
    {
        _partitions = partitions;
        _time = time;
        _declarations = declarations;
        _rules = rules;
    }

    /// <summary>
    /// Records a scan (idempotent by scope and client event id: a retry carries the same scan time, and the
    /// receipt is kept with the scan's day). The caller waits for the stores it wrote (<see cref="TracingEngine.WhenDurableAsync"/>) before answering.
    /// </summary>
    public ScanResult Record(ScanCommand scan) => FanOut.Wait(RecordAsync(scan));

    /// <summary>
    /// Records a scan in the partition of its venue (idempotent by scope and client event id: a retry carries the same
    /// scan time, and the receipt is kept with the scan's day). The caller waits for the stores it wrote
    /// (<see cref="TracingEngine.WhenDurableAsync"/>) before answering.
    /// </summary>
    public async ValueTask<ScanResult> RecordAsync(ScanCommand scan)
    {
        if (string.IsNullOrWhiteSpace(scan.ClientEventId) || scan.ClientEventId.Length > MaxClientEventIdLength)
            throw new TracingException(TracingError.InvalidArgument, $"client_event_id is required (at most {MaxClientEventIdLength} characters), unique per scan on the device.", $"Lượt quét thiếu mã nhận diện của thiết bị (mỗi lượt quét một mã riêng, tối đa {MaxClientEventIdLength} ký tự). Bạn hãy cập nhật ứng dụng rồi quét lại.");
        var now = _time.GetUtcNow();
        if (scan.ScannedAt > now + ClockSkew)
            throw new TracingException(TracingError.InvalidArgument, $"scanned_at {scan.ScannedAt:u} is in the future; check the device clock.", "Thời điểm quét nằm ở tương lai. Bạn hãy kiểm tra lại ngày giờ trên thiết bị rồi quét lại.");
        if (scan.ScannedAt < now - _rules.Retention)
            throw new TracingException(TracingError.InvalidArgument, $"scanned_at {scan.ScannedAt:u} is older than the {_rules.Retention.TotalDays:0}-day retention period.", $"Thời điểm quét đã quá thời hạn lưu trữ {_rules.Retention.TotalDays:0} ngày nên không thể ghi nhận.");

        var receipt = scan.Scope + "\n" + scan.ClientEventId;
        var at = scan.ScannedAt.ToUnixTimeSeconds();
        // A declaration counts if it is valid when the scan reaches the server (or staff filed one on paper with the scan);
        // its screening is kept on the scan, so the history shows the one valid then, whatever is declared later.
        var counted = _declarations.ValidAt(scan.Person.UserId, now);
        var screening = scan.PaperScreening ?? counted?.Screening ?? Unscreened;
        var outcome = scan.PaperScreening is not null || counted is not null ? ScanOutcome.Accepted : ScanOutcome.DeclarationRequired;
        // The partition flags a scan over the daily cap (a flag for review, not a refusal: the scan may be real, the code shared).
        var scanEvent = new ScanEvent(scan.Person.Number, scan.Venue.Number, at, now.ToUnixTimeSeconds(), scan.Controller, scan.Direction, scan.Method, outcome, ScanEvent.FlagOf(screening.Colour));
        var partition = _partitions[_partitions.Layout.OfVenue(scan.Venue.Number)];
        return await partition.RecordScanAsync(receipt, scanEvent, _rules.DailyScanCap).ConfigureAwait(false) is { } earlier
            ? new ScanResult(earlier.Outcome, true, earlier.Venue, Again(earlier, screening))
            : new ScanResult(outcome, false, scan.Venue.Number, screening);
    }

    private static readonly ScreeningOutcome Unscreened = new(ScreeningColour.Unscreened, []);

    /// <summary>
    /// A repeated delivery is answered with the screening first recorded; its reasons are those of the declaration
    /// counting now when it has the same colour (the usual case: a retry moments later), none otherwise.
    /// </summary>
    private static ScreeningOutcome Again(ScanReceipt earlier, ScreeningOutcome now)
        => earlier.Screening == now.Colour ? now : new ScreeningOutcome(earlier.Screening, []);

    /// <summary>A person's scans between two times (unix seconds), sorted by time: from every partition.</summary>
    public ScanEvent[] ScansOf(uint person, long from, long to) => Sorted(FanOut.Gather(_partitions, p => p.ItinerariesAsync([person], from, to)));

    /// <summary>A venue's scans between two times (unix seconds), sorted by time.</summary>
    public ScanEvent[] ScansAt(uint venue, long from, long to)
    {
        var scans = new List<ScanEvent>();
        ScansAt(venue, from, to, scans);
        return [.. scans];
    }

    /// <summary>
    /// <see cref="ScansAt(uint, long, long)"/> into <paramref name="scans"/> (cleared first), a list the caller reuses
    /// case after case.
    /// </summary>
    public void ScansAt(uint venue, long from, long to, List<ScanEvent> scans)
    {
        Interlocked.Add(ref _venueDaysRead, Days.Of(to) - Days.Of(from) + 1);
        scans.Clear();
        FanOut.Wait(_partitions[_partitions.Layout.OfVenue(venue)].ScansAtAsync(venue, from, to, scans));
        VisitPairing.SortByTime(CollectionsMarshal.AsSpan(scans));
    }

    /// <summary>
    /// Adds a venue's scans of one UTC day (see <see cref="DayOf"/>) to <paramref name="into"/>, in the order they were
    /// stored: the unit a reader that pages through many days (the scan history) reads in, so it can stop at any day.
    /// </summary>
    public void ReadVenueDay(uint venue, long day, List<ScanEvent> into)
    {
        Interlocked.Increment(ref _venueDaysRead);
        into.AddRange(FanOut.Wait(_partitions[_partitions.Layout.OfVenue(venue)].VenueDayAsync(venue, day)));
    }

    /// <summary>The UTC day (unix seconds / 86,400) a scan made at <paramref name="unixSeconds"/> is stored under.</summary>
    public static long DayOf(long unixSeconds) => Days.Of(unixSeconds);

    /// <summary>How many venue-days have been read so far: tests show that a history page reads only the days it needs.</summary>
    internal long VenueDaysRead => Interlocked.Read(ref _venueDaysRead);

    /// <summary>A person's visits that overlap [from, to), derived from their scans.</summary>
    public List<Visit> VisitsOf(uint person, long from, long to)
    {
        // Visits are decided by scans on both sides: the in-scan up to a longest visit before, the out-scan
        // (or next check-in) up to a longest visit after.
        var longest = (long)_rules.LongestVisit.TotalSeconds;
        var scans = ScansOf(person, from - longest, to + longest);
        var visits = new List<Visit>();
        VisitPairing.Pair(scans, _rules, visits);
        KeepOverlapping(visits, 0, from, to);
        return visits;
    }

    /// <summary>
    /// The visits of <paramref name="people"/> that overlap [from, to), derived from their scans, in one list (each
    /// person's together, people in ascending order): one read of every partition for all of them (a case's
    /// candidates at a venue).
    /// </summary>
    public List<Visit> VisitsOf(uint[] people, long from, long to)
    {
        var visits = new List<Visit>();
        VisitsOf(people, from, to, visits);
        return visits;
    }

    /// <summary>
    /// <see cref="VisitsOf(uint[], long, long)"/> appended to <paramref name="visits"/>: a caller matching case after
    /// case reuses one list rather than growing a new one each time.
    /// </summary>
    public void VisitsOf(uint[] people, long from, long to, List<Visit> visits)
    {
        var longest = (long)_rules.LongestVisit.TotalSeconds;
        if (people.Length == 0)
            return;
        var scans = Itineraries(people, from - longest, to + longest);
        scans.Sort(static (a, b) => a.Person != b.Person ? a.Person.CompareTo(b.Person)
            : a.At != b.At ? a.At.CompareTo(b.At) : a.Direction.CompareTo(b.Direction));
        for (int start = 0, end; start < scans.Length; start = end)
        {
            for (end = start + 1; end < scans.Length && scans[end].Person == scans[start].Person; end++)
            {
            }
            var first = visits.Count;
            VisitPairing.Pair(scans.Slice(start, end - start), _rules, visits);
            KeepOverlapping(visits, first, from, to);
        }
    }

    /// <summary>Removes the visits from index <paramref name="first"/> on that do not overlap [from, to).</summary>
    private static void KeepOverlapping(List<Visit> visits, int first, long from, long to)
    {
        var kept = first;
        for (var i = first; i < visits.Count; i++)
        {
            if (visits[i].Overlaps(from, to))
                visits[kept++] = visits[i];
        }
        visits.RemoveRange(kept, visits.Count - kept);
    }

    private static ScanEvent[] Sorted(ScanEvent[][] answers)
    {
        var scans = Joined(answers);
        VisitPairing.SortByTime(scans);
        return scans;
    }

    /// <summary>
    /// The scans of <paramref name="people"/> between two times from every partition, together: read into this
    /// thread's reused list when the partitions are in this process (valid until its next call here), gathered side by
    /// side from a cluster's.
    /// </summary>
    private Span<ScanEvent> Itineraries(uint[] people, long from, long to)
    {
        if (!_partitions[0].InProcess)
            return Joined(FanOut.Gather(_partitions, p => p.ItinerariesAsync(people, from, to)));
        // A list grown by a crowd's itineraries is not kept by the thread.
        var read = t_itineraries is { } kept && ScanReadBuffer.Keeps(kept) ? kept : t_itineraries = [];
        read.Clear();
        for (var p = 0; p < _partitions.Layout.Count; p++)
            FanOut.Wait(_partitions[p].ItinerariesAsync(people, from, to, read));
        return CollectionsMarshal.AsSpan(read);
    }

    /// <summary>The partitions' answers in one array (the only answer itself, when there is one).</summary>
    private static ScanEvent[] Joined(ScanEvent[][] answers)
    {
        if (answers.Length == 1)
            return answers[0];
        var joined = GC.AllocateUninitializedArray<ScanEvent>(answers.Sum(a => a.Length));
        var next = 0;
        foreach (var answer in answers)
        {
            answer.CopyTo(joined, next);
            next += answer.Length;
        }
        return joined;
    }
}
