using Tracing.Matching;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Scans;
using Tracing.Server.CheckIn;
using Tracing.Server.Security;
using Tracing.V1;
using ScanMethod = Tracing.Matching.Model.ScanMethod;

namespace Tracing.Server.Tests;

/// <summary>
/// The scan history against a real engine (FASTER on disk in a temporary folder, a manual clock): paging returns
/// exactly what a plain sort of every scan returns, and a page reads only the days it needs.
/// </summary>
public sealed class ScanHistoryReadTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2021, 8, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tracing-history-tests", Guid.NewGuid().ToString("N"));
    private readonly ManualClock _clock = new(Noon);
    private readonly List<Recorded> _recorded = [];
    private TracingEngine _engine = null!;
    private ScanHistory _history = null!;
    private int _events;

    private static Caller Health => new(CallerKind.HealthDepartment, null, "Sở Y tế (thử)", "01");

    public Task InitializeAsync()
    {
        _engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory), Scans = ScanOptions.Small, Rules = new TracingRules() }, _clock);
        _history = new ScanHistory(_engine, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Pages_of_random_sizes_give_every_matching_scan_once_in_the_order_of_a_plain_sort()
    {
        var random = new Random(20210810);
        var venues = Enumerable.Range(0, 4).Select(i => NewVenue($"Chợ Số {i}")).ToList();
        var people = Enumerable.Range(0, 12).Select(i => _engine.People.Declared(_engine.People.ForPhone($"0966{i:D6}", verified: true), $"Trần Văn Khách{i}", 1960 + i, "")).ToList();
        var staff = people.Take(2).ToList();
        // A few times shared by many scans, so the order's tie-breaks (received, venue, person, ...) all come into play.
        var times = Enumerable.Range(0, 40).Select(_ => Noon.AddSeconds(-random.Next(0, 7 * 86_400))).ToList();
        var keys = new HashSet<(long, long, uint, uint, ScanDirection)>();
        for (var i = 0; i < 400; i++)
        {
            if (random.Next(4) == 0)
                _clock.Now = _clock.Now.AddSeconds(1);
            var (person, venue, at) = (people[random.Next(people.Count)], venues[random.Next(venues.Count)], times[random.Next(times.Count)]);
            var direction = random.Next(2) == 0 ? ScanDirection.In : ScanDirection.Out;
            // Two scans with the same place in the history are one scan delivered twice; the generator makes none.
            if (!keys.Add((at.ToUnixTimeSeconds(), _clock.Now.ToUnixTimeSeconds(), person.Number, venue.Number, direction)))
                continue;
            var controller = random.Next(3) == 0 ? staff[random.Next(staff.Count)] : null;
            Record(person, venue, at, direction, controller);
        }

        for (var trial = 0; trial < 40; trial++)
        {
            var chosen = venues.Where(_ => random.Next(3) > 0).DefaultIfEmpty(venues[0]).ToList();
            DateTimeOffset? from = random.Next(2) == 0 ? null : Noon.AddSeconds(-random.Next(0, 8 * 86_400));
            DateTimeOffset? to = random.Next(2) == 0 ? null : (from ?? Noon.AddDays(-8)).AddSeconds(random.Next(0, 8 * 86_400));
            var controller = random.Next(4) == 0 ? staff[random.Next(staff.Count)] : null;
            var query = new ScanHistoryQuery(chosen.Select(v => v.VenueId).ToList(), from, to, "", controller?.UserId ?? "", random.Next(1, 30));

            var expected = Reference(chosen, from, to, controller);
            var paged = new List<ScanRecord>();
            var token = "";
            do
            {
                var page = _history.Query(Health, query with { PageToken = token, MaxResults = random.Next(1, 30) });
                Assert.True(page.Records.Count > 0 || paged.Count == 0, "a page token never leads to an empty page");
                paged.AddRange(page.Records);
                token = page.NextPageToken;
            }
            while (token.Length > 0);

            Assert.Equal(expected, paged.Select(Row).ToList());
            Assert.Equal(expected, _history.All(Health, query).Select(Row).ToList());
        }
        await _engine.CommitAsync();
    }

    [Fact]
    public void A_page_reads_only_the_days_it_needs_not_the_whole_history()
    {
        var venues = new[] { NewVenue("Siêu Thị Một"), NewVenue("Siêu Thị Hai") };
        var visitor = _engine.People.RegisterDevice();
        for (var day = 0; day < 10; day++)
        {
            foreach (var venue in venues)
            {
                for (var i = 0; i < 5; i++)
                    Record(visitor, venue, Noon.AddDays(-day).AddMinutes(-10 * i), ScanDirection.In, null);
            }
        }
        var query = new ScanHistoryQuery(venues.Select(v => v.VenueId).ToList(), null, null, "", "", MaxResults: 3);

        var before = _engine.CheckIns.VenueDaysRead;
        var first = _history.Query(Health, query);
        // The newest day of both venues holds the page and the record that shows a next page exists: 2 of 20 venue-days.
        Assert.Equal(3, first.Records.Count);
        Assert.Equal(2, _engine.CheckIns.VenueDaysRead - before);

        before = _engine.CheckIns.VenueDaysRead;
        var second = _history.Query(Health, query with { PageToken = first.NextPageToken });
        Assert.Equal(3, second.Records.Count);
        Assert.Equal(2, _engine.CheckIns.VenueDaysRead - before);

        // The export reads a day at a time as it is consumed: its first rows come from the newest day alone.
        before = _engine.CheckIns.VenueDaysRead;
        Assert.Equal(9, _history.All(Health, query).Take(9).Count());
        Assert.Equal(2, _engine.CheckIns.VenueDaysRead - before);
        Assert.Equal(100, _history.All(Health, query).Count());
    }

    [Fact]
    public void A_health_department_names_the_venues_it_reads_and_no_query_reads_more_than_the_limit()
    {
        var venue = NewVenue("Bệnh Viện Dã Chiến");
        var everywhere = new ScanHistoryQuery([], null, null, "", "", 0);
        var refusal = Assert.Throws<TracingException>(() => _history.Query(Health, everywhere));
        Assert.Equal(TracingError.InvalidArgument, refusal.Error);
        Assert.Contains("venue_ids", refusal.Message, StringComparison.Ordinal);

        var tooMany = everywhere with { VenueIds = Enumerable.Range(0, ScanHistory.MaxVenues + 1).Select(i => NewVenue($"Điểm Bán {i}").VenueId).ToList() };
        refusal = Assert.Throws<TracingException>(() => _history.All(Health, tooMany));
        Assert.Equal(TracingError.InvalidArgument, refusal.Error);
        Assert.Contains($"at most {ScanHistory.MaxVenues}", refusal.Message, StringComparison.Ordinal);

        Assert.Empty(_history.Query(Health, everywhere with { VenueIds = [venue.VenueId, venue.VenueId] }).Records);
    }

    private VenueInfo NewVenue(string name) => _engine.Venues.Register(
        new VenueRegistration { Name = name, ProvinceCode = "01", DistrictCode = "001", WardCode = "00001", StreetAddress = "1 Tràng Tiền", RegistrantName = "Nguyễn Văn A", RegistrantPhone = "0966323000" },
        _engine.People.RegisterDevice().UserId);

    private void Record(Person person, VenueInfo venue, DateTimeOffset at, ScanDirection direction, Person? controller)
    {
        var method = controller is null ? ScanMethod.Self : ScanMethod.Controller;
        _engine.CheckIns.Record(new ScanCommand(person.UserId, $"ev-{++_events}", person, venue, at, direction, method, controller?.Number ?? 0));
        _recorded.Add(new Recorded(person, venue, at.ToUnixTimeSeconds(), _clock.Now.ToUnixTimeSeconds(), direction, method, controller));
    }

    /// <summary>The obvious answer: every recorded scan that fits, sorted newest first (ties by received, venue, person, controller, direction, method).</summary>
    private List<string> Reference(List<VenueInfo> venues, DateTimeOffset? from, DateTimeOffset? to, Person? controller)
    {
        var (low, high) = ((from ?? _clock.Now - new TracingRules().Retention).ToUnixTimeSeconds(), (to ?? _clock.Now + CheckIns.ClockSkew).ToUnixTimeSeconds());
        return _recorded
            .Where(r => venues.Any(v => v.Number == r.Venue.Number) && r.At >= low && r.At <= high && (controller is null || r.Controller?.Number == controller.Number))
            .OrderByDescending(r => r.At).ThenByDescending(r => r.ReceivedAt).ThenBy(r => r.Venue.Number).ThenBy(r => r.Person.Number)
            .ThenBy(r => r.Controller?.Number ?? 0).ThenBy(r => r.Direction).ThenBy(r => r.Method)
            .Select(r => $"{r.At} {r.ReceivedAt} {r.Venue.VenueId} {r.Person.FullName} {r.Direction} {r.Controller?.UserId}")
            .ToList();
    }

    private static string Row(ScanRecord r)
        => $"{r.ScannedAt.Seconds} {r.ReceivedAt.Seconds} {r.VenueId} {r.VisitorName} {(r.Direction == Direction.In ? ScanDirection.In : ScanDirection.Out)} {(r.ControllerId.Length > 0 ? r.ControllerId : null)}";

    private sealed record Recorded(Person Person, VenueInfo Venue, long At, long ReceivedAt, ScanDirection Direction, ScanMethod Method, Person? Controller);
}
