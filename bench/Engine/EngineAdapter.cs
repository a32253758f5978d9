using Tracing.Matching;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tracing;

namespace Tracing.Bench.Engine;

/// <summary>
/// The only place the benchmarks touch the engine: opening it, ingesting, scanning, matching and closing.
/// The storage underneath is being rewritten; if an entry point's signature changes, this file is the one to fix.
/// </summary>
internal sealed class EngineAdapter : IAsyncDisposable
{
    private readonly TracingEngine _engine;
    private readonly ContactTracer _tracer;

    private EngineAdapter(TracingEngine engine)
    {
        _engine = engine;
        _tracer = new ContactTracer(engine.CheckIns, engine.Contacts, engine.Rules);
    }

    /// <summary>Where opening the engine spent its time (general store, day stores, log left to replay).</summary>
    public StoreRecovery Recovery => _engine.Recovery;

    /// <summary>Opens (or recovers) the engine with <paramref name="options"/> and a clock fixed at <paramref name="now"/>.</summary>
    public static EngineAdapter Open(EngineOptions options, DateTimeOffset now)
        => new(TracingEngine.Open(options, new FixedClock(now)));

    /// <summary>
    /// Engine settings sized for <paramref name="observations"/> observations and <paramref name="scans"/> scans over
    /// <paramref name="days"/> days and <paramref name="otherRecords"/> control-plane records (people, venues), all
    /// held in memory.
    /// </summary>
    public static EngineOptions SizedFor(string directory, long observations, long scans, int days, long otherRecords) => new()
    {
        Store = new StoreOptions
        {
            Directory = directory,
            // FASTER buckets hold 7 entries; aim at about 4 keys per bucket.
            IndexSizeBits = Math.Clamp((int)Math.Ceiling(Math.Log2(Math.Max(otherRecords, 1) / 4.0)), 14, 30),
            // The log in memory with head room (records grow by doubling when appended to).
            MemorySizeBits = Math.Clamp((int)Math.Ceiling(Math.Log2(Math.Max(otherRecords, 1) * 160.0 * 1.5)), 25, 36),
            PageSizeBits = 22,
        },
        Observations = new ObservationOptions { ExpectedPerDay = Math.Max(4_096, observations / Math.Max(1, days)) },
        Scans = new ScanOptions { ExpectedPerDay = Math.Max(4_096, scans / Math.Max(1, days)) },
    };

    /// <summary>The sizing above, for the results file.</summary>
    public static Dictionary<string, object> Describe(EngineOptions options) => new()
    {
        ["index_size_bits"] = options.Store.IndexSizeBits,
        ["memory_size_bits"] = options.Store.MemorySizeBits,
        ["page_size_bits"] = options.Store.PageSizeBits,
        ["observations_expected_per_day"] = options.Observations.ExpectedPerDay,
        ["observations_bucket_bits"] = options.Observations.BucketBits,
        ["observations_day_memory_size_bits"] = options.Observations.DayMemorySizeBits,
        ["scans_expected_per_day"] = options.Scans.ExpectedPerDay,
        ["scans_index_size_bits"] = options.Scans.IndexSizeBits,
    };

    public TracingRules Rules => _engine.Rules;

    public BatchOutcome Ingest(string deviceUserId, uint observer, string batchId, IReadOnlyList<ReportedObservation> observations)
        => _engine.Contacts.Ingest(deviceUserId, observer, batchId, observations);

    public ScanResult Record(ScanCommand scan) => _engine.CheckIns.Record(scan);

    public Person RegisterDevice() => _engine.People.RegisterDevice();

    public VenueInfo RegisterVenue(VenueRegistration registration, string registeredBy) => _engine.Venues.Register(registration, registeredBy);

    /// <summary>The stored sightings of one identifier (the lookup the proximity matcher does 2,016 times per case).</summary>
    public Observation[] SightingsOf(ReadOnlySpan<byte> rpi) => _engine.Contacts.SightingsOf(rpi);

    /// <summary>Proximity contacts of a case: (observer, start, end, weighted minutes) per observer-day over the threshold.</summary>
    public List<MatchedContact> ProximityContacts(uint source, IReadOnlyList<DiagnosisKey> keys, long from, long until)
        => Convert(_tracer.ProximityContacts(source, keys, from, until, ExposureTier.F1));

    /// <summary>Venue contacts of a case: who shared a venue with the source during [from, until).</summary>
    public List<MatchedContact> VenueContacts(uint source, long from, long until)
        => Convert(_tracer.VenueContacts(source, from, until, ExposureTier.F1, new HashSet<uint> { source }));

    /// <summary>
    /// Returns once everything ingested so far can be read (the store may apply acknowledged batches in the
    /// background): one diagnostic lookup, which waits for that.
    /// </summary>
    public void WaitUntilVisible(ReadOnlySpan<byte> anyRpi) => _engine.Contacts.SightingsOf(anyRpi);

    public Task CommitAsync() => _engine.CommitAsync();

    /// <summary>What the server's periodic checkpoint does every 30 s: checkpoints the days, and compacts the settled scan days.</summary>
    public Task CheckpointDaysAsync() => _engine.CheckpointDaysAsync();

    /// <summary>What the day stores of the observations take: their logs (records, spare room, superseded copies) and filters.</summary>
    public long ObservationStoreBytes => _engine.ObservationLogBytes;

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    private static List<MatchedContact> Convert(List<Contact> contacts)
    {
        var result = new List<MatchedContact>(contacts.Count);
        foreach (var c in contacts)
            result.Add(new MatchedContact(c.Person, c.Venue, c.Start, c.End, c.WeightedMinutes));
        return result;
    }
}

/// <summary>A contact as the benchmarks compare it (engine and baseline alike).</summary>
internal readonly record struct MatchedContact(uint Person, uint Venue, long Start, long End, double WeightedMinutes);

/// <summary>A clock that always says the same time: "now" is the end of the generated 14 days.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
