using Tracing.Matching;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Server.Grpc;
using Tracing.Server.Privacy;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.CheckIn;

/// <summary>A scan-history query, the same for listing and CSV export.</summary>
public sealed record ScanHistoryQuery(IReadOnlyList<string> VenueIds, DateTimeOffset? From, DateTimeOffset? To, string VisitorQuery, string ControllerId, int MaxResults, string PageToken = "");

/// <summary>One page of history, newest first; <paramref name="NextPageToken"/> is empty on the last page.</summary>
public sealed record ScanHistoryPage(IReadOnlyList<ScanRecord> Records, string NextPageToken);

/// <summary>
/// The scan history of venues: managers see their venues (and units) with personal data masked; health
/// departments see the venues of their province they name, in full. A search matches only what the caller is
/// shown (<see cref="VisitorSearch"/>). The history is read a UTC day at a time, newest first, and a page stops
/// reading at the day that fills it; a query names at most <see cref="MaxVenues"/> venues, so a page's work is
/// bounded by those venues' scans of the days it covers, however long the history.
/// </summary>
public sealed class ScanHistory(TracingEngine engine, TimeProvider time)
{
    /// <summary>The most records one query returns.</summary>
    public const int MaxResults = 10_000;

    /// <summary>The most venues one query reads: each day of a page reads every one of them.</summary>
    public const int MaxVenues = 500;

    /// <summary>A page of the scan records, newest first, that match the query and that the caller may see.</summary>
    public ScanHistoryPage Query(Caller caller, ScanHistoryQuery query)
    {
        var max = query.MaxResults <= 0 ? MaxResults : Math.Min(query.MaxResults, MaxResults);
        var page = new List<ScanRecord>(Math.Min(max, 256));
        HistoryCursor? last = null;
        // One record beyond the page says whether there is a next page (a token is never given for an empty one).
        foreach (var (key, record) in Select(caller, query))
        {
            if (page.Count == max)
                return new ScanHistoryPage(page, last!.ToToken());
            page.Add(record);
            last = key;
        }
        return new ScanHistoryPage(page, "");
    }

    /// <summary>
    /// Every record that matches, newest first, for the CSV export (which has no limit): read a day at a time as they
    /// are consumed, so memory holds one day of the venues' scans, not the whole history. Each enumeration reads again.
    /// </summary>
    public IEnumerable<ScanRecord> All(Caller caller, ScanHistoryQuery query) => Select(caller, query).Select(match => match.Record);

    /// <summary>
    /// Checks the query and the caller's access now, and returns the matching records after its page token, in the
    /// history's order, read as they are consumed.
    /// </summary>
    private IEnumerable<(HistoryCursor Key, ScanRecord Record)> Select(Caller caller, ScanHistoryQuery query)
    {
        var after = HistoryCursor.Parse(query.PageToken);
        var venues = VenuesOf(caller, query.VenueIds);
        var now = time.GetUtcNow();
        var from = (query.From ?? now - engine.Rules.Retention).ToUnixTimeSeconds();
        var to = (query.To ?? now + Matching.Ledger.CheckIns.ClockSkew).ToUnixTimeSeconds();
        if (from > to)
            throw new TracingException(TracingError.InvalidArgument, "from must not be after to.", "Thời điểm bắt đầu không được sau Thời điểm kết thúc.");
        var controller = query.ControllerId.Length > 0 ? engine.People.Find(query.ControllerId)?.Number ?? uint.MaxValue : 0u;
        var filter = new ScanFilter(from, after is null ? to : Math.Min(to, after.At), controller, after);
        return Walk(venues, filter, query.VisitorQuery, unmasked: caller.Kind == CallerKind.HealthDepartment);
    }

    /// <summary>
    /// The days holding scans in the range, newest first; each day's scans of all the venues merged into the
    /// history's order (which puts newer times first, so days follow each other without overlap).
    /// </summary>
    private IEnumerable<(HistoryCursor Key, ScanRecord Record)> Walk(IReadOnlyList<VenueInfo> venues, ScanFilter filter, string visitorQuery, bool unmasked)
    {
        var selection = new Selection(engine, unmasked);
        var days = engine.ScanDays();
        var (newestDay, oldestDay) = (Matching.Ledger.CheckIns.DayOf(filter.To), Matching.Ledger.CheckIns.DayOf(filter.From));
        var read = new List<ScanEvent>();
        var ofDay = new List<(HistoryCursor Key, VenueInfo Venue, ScanEvent Scan)>();
        for (var i = days.Length - 1; i >= 0 && days[i] >= oldestDay; i--)
        {
            if (days[i] > newestDay)
                continue;
            ofDay.Clear();
            foreach (var venue in venues)
            {
                read.Clear();
                engine.CheckIns.ReadVenueDay(venue.Number, days[i], read);
                foreach (var scan in read)
                {
                    if (filter.Admits(scan) is { } key)
                        ofDay.Add((key, venue, scan));
                }
            }
            ofDay.Sort((a, b) => a.Key.CompareTo(b.Key));
            foreach (var match in ofDay)
            {
                var record = selection.ToRecord(match);
                if (VisitorSearch.Matches(record, visitorQuery))
                    yield return (match.Key, record);
            }
        }
    }

    /// <summary>
    /// The venues a query reads, each once, as <see cref="VenueAccess.HistoryVenues"/> allows them (a health department
    /// names them). Any query is refused past <see cref="MaxVenues"/> venues: a page reads each of them for each day.
    /// </summary>
    private List<VenueInfo> VenuesOf(Caller caller, IReadOnlyList<string> venueIds)
    {
        var venues = VisibleVenues(caller, venueIds).DistinctBy(v => v.Number).ToList();
        if (venues.Count > MaxVenues)
        {
            throw new TracingException(TracingError.InvalidArgument, venueIds.Count == 0
                ? $"You manage {venues.Count} venues; a history query reads at most {MaxVenues}: name them in venue_ids, a group at a time."
                : $"venue_ids names {venues.Count} venues; a history query reads at most {MaxVenues}: ask for them a group at a time.",
                venueIds.Count == 0 ? $"Bạn quản lý {venues.Count} địa điểm; mỗi lần xem lịch sử đọc được tối đa {MaxVenues} địa điểm. Bạn hãy chọn từng nhóm địa điểm." : $"Bạn đã chọn {venues.Count} địa điểm; mỗi lần xem lịch sử đọc được tối đa {MaxVenues} địa điểm. Bạn hãy chọn từng nhóm địa điểm.");
        }
        return venues;
    }

    /// <summary>Matched scans and what turns them into records; each person and their identities are read once per query.</summary>
    private sealed class Selection(TracingEngine engine, bool unmasked)
    {
        private readonly Dictionary<uint, Person?> _people = [];
        private readonly Dictionary<uint, IdentityTimeline> _identities = [];

        public Person? PersonOf(uint number)
        {
            if (!_people.TryGetValue(number, out var person))
                _people[number] = person = engine.People.Find(number);
            return person;
        }

        /// <summary>
        /// The visitor as they were when the scan was made (SPEC §2 identity per scan): a manual entry as staff typed
        /// them in, any other scan with the identity in force when it reached the server, so a later declaration
        /// never changes a past row.
        /// </summary>
        public PersonIdentity IdentityOf(in ScanEvent scan)
        {
            if (engine.People.TypedIdentity(scan) is { } typed)
                return typed;
            if (!_identities.TryGetValue(scan.Person, out var timeline))
                _identities[scan.Person] = timeline = engine.People.IdentitiesOf(scan.Person);
            return timeline.At(scan.ReceivedAt);
        }

        public ScanRecord ToRecord((HistoryCursor Key, VenueInfo Venue, ScanEvent Scan) match)
        {
            var controllerId = match.Scan.Controller != 0 ? PersonOf(match.Scan.Controller)?.UserId ?? "" : "";
            return ScanHistory.ToRecord(match.Venue, match.Scan, IdentityOf(match.Scan), controllerId, unmasked);
        }
    }

    private List<VenueInfo> VisibleVenues(Caller caller, IReadOnlyList<string> venueIds)
        => new VenueAccess(engine).HistoryVenues(caller, venueIds);

    private static ScanRecord ToRecord(VenueInfo venue, ScanEvent scan, PersonIdentity identity, string controllerId, bool unmasked)
    {
        var name = identity.FullName;
        var phone = identity.Phone;
        return new ScanRecord
        {
            VenueId = venue.VenueId,
            VenueName = venue.Name,
            VisitorName = unmasked ? name : Masking.Name(name),
            VisitorPhone = unmasked ? phone : (phone.Length > 0 ? Masking.Phone(phone) : ""),
            VisitorBirthYear = identity.BirthYear,
            Direction = scan.Direction == ScanDirection.In ? Direction.In : Direction.Out,
            Method = (V1.ScanMethod)(int)scan.Method,
            ScannedAt = ProtoMapping.UnixToTimestamp(scan.At),
            ReceivedAt = ProtoMapping.UnixToTimestamp(scan.ReceivedAt),
            ControllerId = controllerId,
            Status = scan.Outcome == ScanOutcome.Accepted ? ScanStatus.Accepted : ScanStatus.DeclarationRequired,
            FlaggedForReview = scan.Flags.HasFlag(ScanFlags.OverDailyCap),
            // Kept on the scan when it was recorded: the screening valid then, whatever the visitor declared since.
            Screening = ScreeningMapping.Level(scan.Screening),
        };
    }
}
