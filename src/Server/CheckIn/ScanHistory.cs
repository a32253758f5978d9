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
/// departments see any venue of their province in full.
/// </summary>
public sealed class ScanHistory(TracingEngine engine, TimeProvider time)
{
    /// <summary>The most records one query returns.</summary>
    public const int MaxResults = 10_000;

    /// <summary>A page of the scan records, newest first, that match the query and that the caller may see.</summary>
    public ScanHistoryPage Query(Caller caller, ScanHistoryQuery query)
    {
        var max = query.MaxResults <= 0 ? MaxResults : Math.Min(query.MaxResults, MaxResults);
        var selection = Select(caller, query);
        var page = selection.Matches.Take(max).Select(selection.ToRecord).ToList();
        return new ScanHistoryPage(page, selection.Matches.Count > max ? selection.Matches[max - 1].Key.ToToken() : "");
    }

    /// <summary>How many records match, and every one of them, newest first, in one pass (for the CSV export, which has no limit).</summary>
    public (int Count, IEnumerable<ScanRecord> Records) All(Caller caller, ScanHistoryQuery query)
    {
        var selection = Select(caller, query);
        return (selection.Matches.Count, selection.Matches.Select(selection.ToRecord));
    }

    /// <summary>The scans that match the query, after its page token, in the history's order.</summary>
    private Selection Select(Caller caller, ScanHistoryQuery query)
    {
        var after = HistoryCursor.Parse(query.PageToken);
        var venues = VisibleVenues(caller, query.VenueIds);
        var now = time.GetUtcNow();
        var from = (query.From ?? now - engine.Rules.Retention).ToUnixTimeSeconds();
        var to = (query.To ?? now + Matching.Ledger.CheckIns.ClockSkew).ToUnixTimeSeconds();
        if (from > to)
            throw new TracingException(TracingError.InvalidArgument, "from must not be after to.");
        var controller = query.ControllerId.Length > 0 ? engine.People.Find(query.ControllerId)?.Number ?? uint.MaxValue : 0u;
        var selection = new Selection(engine, unmasked: caller.Kind == CallerKind.HealthDepartment);
        foreach (var venue in venues)
        {
            foreach (var scan in engine.CheckIns.ScansAt(venue.Number, from, to))
            {
                var key = HistoryCursor.Of(scan);
                if ((controller != 0 && scan.Controller != controller) || (after is not null && key.CompareTo(after) <= 0))
                    continue;
                if (Matches(selection.IdentityOf(scan), query.VisitorQuery))
                    selection.Matches.Add((key, venue, scan));
            }
        }
        selection.Matches.Sort((a, b) => a.Key.CompareTo(b.Key));
        return selection;
    }

    /// <summary>Matched scans and what turns them into records; each person and their identities are read once per query.</summary>
    private sealed class Selection(TracingEngine engine, bool unmasked)
    {
        private readonly Dictionary<uint, Person?> _people = [];
        private readonly Dictionary<uint, IdentityTimeline> _identities = [];

        public List<(HistoryCursor Key, VenueInfo Venue, ScanEvent Scan)> Matches { get; } = [];

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
    {
        if (caller.Kind == CallerKind.HealthDepartment)
        {
            if (venueIds.Count == 0)
            {
                return engine.Venues.AllNumbers().Select(engine.Venues.Find).OfType<VenueInfo>()
                    .Where(v => caller.CoversProvince(v.ProvinceCode)).ToList();
            }
            var venues = venueIds.Select(engine.Venues.Require).ToList();
            if (venues.FirstOrDefault(v => !caller.CoversProvince(v.ProvinceCode)) is { } outside)
                throw new TracingException(TracingError.PermissionDenied, $"Venue '{outside.VenueId}' lies outside your province.");
            return venues;
        }
        var person = caller.RequirePerson();
        if (venueIds.Count == 0)
            return engine.Venues.ManagedBy(person.UserId).ToList();
        var requested = venueIds.Select(engine.Venues.Require).ToList();
        if (requested.FirstOrDefault(v => !engine.Venues.IsManager(person.UserId, v.VenueId)) is { } foreign)
            throw new TracingException(TracingError.PermissionDenied, $"You do not manage venue '{foreign.VenueId}'; managers see only their own venues.");
        return requested;
    }

    private static bool Matches(PersonIdentity person, string query)
    {
        if (query.Length == 0)
            return true;
        return person.FullName.Contains(query, StringComparison.CurrentCultureIgnoreCase)
            || (person.Phone.Length > 0 && person.Phone.Contains(PhoneDigits(query), StringComparison.Ordinal));
    }

    private static string PhoneDigits(string query)
    {
        var digits = new string(query.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? "\0" : digits;
    }

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
        };
    }
}
