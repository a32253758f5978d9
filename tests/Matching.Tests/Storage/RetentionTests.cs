using System.Security.Cryptography;
using Tracing.Matching.Ledger;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Storage;

/// <summary>Nothing of a person is kept past the retention period: visits and observations go, day by day.</summary>
public sealed class RetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2021, 8, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Visits_and_observations_older_than_the_retention_period_are_deleted_and_newer_ones_kept()
    {
        var clock = new ManualClock(Start);
        await using var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, clock);
        var town = engine.Venues.Register(
            new Matching.Registry.VenueRegistration { Name = "Chợ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi", RegistrantName = "Quản lý", RegistrantPhone = "0901234567" },
            "u-manager");
        var person = engine.People.RegisterDevice();
        var rpi = RandomNumberGenerator.GetBytes(16);

        // Day 0: a visit and a sighting. Day 10: another of each.
        Visit(Start);
        engine.Contacts.Ingest(person.UserId, person.Number, "", [new ReportedObservation(rpi, ReadOnlyMemory<byte>.Empty, Start, 300, -60, -5)]);
        Visit(Start.AddDays(10));
        engine.Contacts.Ingest(person.UserId, person.Number, "", [new ReportedObservation(rpi, ReadOnlyMemory<byte>.Empty, Start.AddDays(10), 300, -60, -5)]);
        await engine.CommitAsync();

        // 22 days after day 0 (21-day retention): day 0 is gone, day 10 stays.
        clock.Now = Start.AddDays(22);
        await engine.ApplyRetentionAsync(clock.Now);

        var visits = engine.CheckIns.VisitsOf(person.Number, Start.AddDays(-1).ToUnixTimeSeconds(), clock.Now.ToUnixTimeSeconds());
        Assert.Equal([Start.AddDays(10).ToUnixTimeSeconds()], visits.Select(v => v.Start));
        Assert.Equal([(uint)Start.AddDays(10).ToUnixTimeSeconds()], engine.Contacts.SightingsOf(rpi).Select(o => o.SeenAt));
        // Whole days go: the scans' day store (venue buckets, itineraries and receipts) is deleted with its folder.
        var firstDay = Start.ToUnixTimeSeconds() / 86_400;
        Assert.Equal([firstDay + 10], engine.ScanDays());
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "scans", $"day-{firstDay}")));

        void Visit(DateTimeOffset at)
        {
            clock.Now = at.AddHours(1);
            engine.CheckIns.Record(new ScanCommand(person.UserId, Guid.NewGuid().ToString(), person, town, at, Model.ScanDirection.In, Model.ScanMethod.Self, 0));
            engine.CheckIns.Record(new ScanCommand(person.UserId, Guid.NewGuid().ToString(), person, town, at.AddMinutes(30), Model.ScanDirection.Out, Model.ScanMethod.Self, 0));
        }
    }
}
