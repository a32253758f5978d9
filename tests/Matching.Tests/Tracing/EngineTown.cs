using Tracing.Matching.Crypto;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Tests.Tracing;

/// <summary>A real engine on a fresh store in a temporary folder, with a manual clock and short-hands for scans and sightings.</summary>
internal sealed class EngineTown : IAsyncDisposable
{
    /// <summary>"Now" in most tests: 2021-08-10 12:00 UTC.</summary>
    public static readonly DateTimeOffset Noon = new(2021, 8, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private int _events;

    /// <param name="partitions">How many partitions the town's store is split into (scans by venue, sightings by observer).</param>
    public EngineTown(DateTimeOffset now, TracingRules? rules = null, int partitions = 1)
    {
        Clock = new ManualClock(now);
        Engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Scans = Matching.Storage.Scans.ScanOptions.Small, Rules = rules ?? new TracingRules(), Partitions = partitions }, Clock);
        Manager = Engine.People.RegisterDevice();
    }

    public ManualClock Clock { get; }

    public TracingEngine Engine { get; }

    public DateTimeOffset Now => Clock.Now;

    private Person Manager { get; }

    public Person NewPerson() => Engine.People.RegisterDevice();

    /// <summary>Registers a venue managed by <paramref name="manager"/> (default: the town's own manager).</summary>
    public VenueInfo NewVenue(string name, Person? manager = null, string category = "", string province = "01", string district = "001", string ward = "00001", (double Latitude, double Longitude)? at = null)
        => Engine.Venues.Register(
            new VenueRegistration
            {
                Name = name,
                ProvinceCode = province,
                DistrictCode = district,
                WardCode = ward,
                StreetAddress = "1 Tràng Tiền",
                RegistrantName = "Nguyễn Văn A",
                RegistrantPhone = "0966323000",
                Category = category,
                Latitude = at?.Latitude,
                Longitude = at?.Longitude,
            },
            (manager ?? Manager).UserId);

    public ScanResult Scan(Person person, VenueInfo venue, DateTimeOffset at, ScanDirection direction)
        => Engine.CheckIns.Record(new ScanCommand(person.UserId, $"ev-{++_events}", person, venue, at, direction, ScanMethod.Self, 0));

    /// <summary>An in-scan and an out-scan.</summary>
    public void Stay(Person person, VenueInfo venue, DateTimeOffset from, DateTimeOffset until)
    {
        Scan(person, venue, from, ScanDirection.In);
        Scan(person, venue, until, ScanDirection.Out);
    }

    /// <summary>Uploads one batch of sightings heard by <paramref name="observer"/> and waits until it is acknowledged (durable).</summary>
    public BatchOutcome Sight(Person observer, params (byte[] Rpi, DateTimeOffset SeenAt, int DurationSeconds, int Attenuation)[] sightings)
    {
        // attenuation = tx power − RSSI: transmit at 0 dBm, receive at −attenuation.
        var observations = sightings.Select(s => new ReportedObservation(s.Rpi, ReadOnlyMemory<byte>.Empty, s.SeenAt, (uint)s.DurationSeconds, -s.Attenuation, 0)).ToList();
        var outcome = Engine.Contacts.Ingest(observer.UserId, observer.Number, $"batch-{++_events}", observations);
        Assert.Equal(observations.Count, outcome.Accepted);
        // Acknowledged, as the server does before answering: from then on every match sees the batch.
        Engine.WhenDurableAsync(WrittenStores.Observations).GetAwaiter().GetResult();
        return outcome;
    }

    public static byte[] NewKey(Random random)
    {
        var key = new byte[ExposureKeyCrypto.KeyLength];
        random.NextBytes(key);
        return key;
    }

    /// <summary>The identifier a phone holding <paramref name="tek"/> broadcasts during <paramref name="interval"/>.</summary>
    public static byte[] Rpi(byte[] tek, uint interval)
    {
        var rpi = new byte[ExposureKeyCrypto.IdentifierLength];
        ExposureKeyCrypto.DeriveIdentifiers(tek, interval, 1, rpi);
        return rpi;
    }

    public static uint IntervalOf(DateTimeOffset time) => ExposureKeyCrypto.IntervalNumber(time);

    /// <summary>The key of the UTC day of <paramref name="day"/> (144 intervals from midnight).</summary>
    public static DiagnosisKey DailyKey(byte[] tek, DateTimeOffset day)
        => new(tek, (uint)(day.ToUnixTimeSeconds() / 86_400 * 144), ExposureKeyCrypto.IntervalsPerKey);

    public CaseReport Report(Person person, DateTimeOffset onset, ReportKind kind = ReportKind.ConfirmedTest)
        => Engine.Cases.Report(person, testDate: null, symptomOnset: onset, kind, "01");

    /// <summary>Reports the case, uploads its keys from its own phone (when there are any), and returns the case file.</summary>
    public CaseFile ReportAndUpload(Person person, DateTimeOffset onset, ReportKind kind = ReportKind.ConfirmedTest, params DiagnosisKey[] keys)
    {
        var report = Report(person, onset, kind);
        if (keys.Length > 0)
            Engine.Cases.UploadKeys(person, report.VerificationCode, keys);
        return Engine.Cases.Find(report.CaseId)!;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _directory.Dispose();
    }
}
