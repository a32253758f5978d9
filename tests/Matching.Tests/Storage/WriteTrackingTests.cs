using System.Security.Cryptography;
using Tracing.Matching.Ledger;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// A call is acknowledged once every store it wrote is durable, and waits for no other: the engine tracks which
/// stores a call writes. A self scan writes the scan log only (it must not wait for the general store's checkpoint);
/// a manual door entry also creates its visitor in the general store, so it waits for both.
/// </summary>
public sealed class WriteTrackingTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2021, 8, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Each_write_marks_the_stores_it_touched_and_only_those()
    {
        await using var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, new ManualClock(Now));
        var venue = engine.Venues.Register(
            new Matching.Registry.VenueRegistration { Name = "Chợ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi", RegistrantName = "Quản lý", RegistrantPhone = "0901234567" },
            "u-manager");
        var visitor = engine.People.RegisterDevice();
        await engine.CommitAsync();

        using (var selfScan = engine.TrackWrites())
        {
            engine.CheckIns.Record(new ScanCommand(visitor.UserId, "self-1", visitor, venue, Now, Model.ScanDirection.In, Model.ScanMethod.Self, 0));
            var written = selfScan.TakeWritten();
            Assert.Equal(WrittenStores.Scans, written.Stores);
            Assert.Equal([new PartitionWrite(0, PartitionWrite.AnyEpoch, WrittenStores.Scans)], written.Partitions.ToArray());
            Assert.True(selfScan.TakeWritten().IsNone);
        }

        using (var manualEntry = engine.TrackWrites())
        {
            var walkIn = engine.People.ForPhone("0987000111", verified: false);
            engine.CheckIns.Record(new ScanCommand(visitor.UserId, "manual-1", walkIn, venue, Now, Model.ScanDirection.In, Model.ScanMethod.Manual, visitor.Number));
            Assert.Equal(WrittenStores.General | WrittenStores.Scans, manualEntry.TakeWritten().Stores);
        }

        using (var upload = engine.TrackWrites())
        {
            engine.Contacts.Ingest(visitor.UserId, visitor.Number, "", [new ReportedObservation(RandomNumberGenerator.GetBytes(16), ReadOnlyMemory<byte>.Empty, Now, 300, -60, -5)]);
            Assert.Equal(WrittenStores.Observations, upload.TakeWritten().Stores);
        }
    }

    [Fact]
    public async Task A_nested_tracker_takes_what_is_written_inside_it_and_reading_marks_nothing()
    {
        await using var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, new ManualClock(Now));
        using var call = engine.TrackWrites();
        var person = engine.People.RegisterDevice();
        using (var answer = engine.TrackWrites())
        {
            engine.People.Declared(person, "Nguyễn Văn A", 1980, "");
            Assert.Equal(WrittenStores.General, answer.TakeWritten().Stores);
        }
        Assert.Equal(WrittenStores.General, call.TakeWritten().Stores);
        Assert.NotNull(engine.People.Find(person.UserId));
        Assert.True(call.TakeWritten().IsNone);
        // Waiting for nothing written costs nothing; waiting for what was written completes once it is durable.
        Assert.True(engine.WhenDurableAsync(WrittenStores.None).IsCompletedSuccessfully);
        await engine.WhenDurableAsync(WrittenStores.All);
    }

    [Fact]
    public async Task A_scan_marks_only_its_venues_partition_and_the_wait_asks_only_that_one()
    {
        await using var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory.Path), Observations = ObservationOptions.Small, Scans = ScanOptions.Small, Partitions = 4 }, new ManualClock(Now));
        var venue = engine.Venues.Register(
            new Matching.Registry.VenueRegistration { Name = "Chợ", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi", RegistrantName = "Quản lý", RegistrantPhone = "0901234567" },
            "u-manager");
        var visitor = engine.People.RegisterDevice();
        await engine.CommitAsync();

        using var scan = engine.TrackWrites();
        engine.CheckIns.Record(new ScanCommand(visitor.UserId, "self-1", visitor, venue, Now, Model.ScanDirection.In, Model.ScanMethod.Self, 0));
        engine.CheckIns.Record(new ScanCommand(visitor.UserId, "self-2", visitor, venue, Now.AddMinutes(1), Model.ScanDirection.Out, Model.ScanMethod.Self, 0));
        var written = scan.TakeWritten();
        Assert.Equal([new PartitionWrite(engine.Partitions.Layout.OfVenue(venue.Number), PartitionWrite.AnyEpoch, WrittenStores.Scans)], written.Partitions.ToArray());
        Assert.Equal(WrittenStores.None, written.Everywhere);
        await engine.WhenDurableAsync(written);
    }

    [Fact]
    public void Writes_to_one_partition_under_two_activations_are_both_kept_so_the_wait_asks_for_each()
    {
        // A partition that moved between two writes of one call (or of one batch of a stream's answers): the wait must
        // ask for the first activation too, and be refused if it died, rather than take the second's commit for both.
        using var call = WriteTracking.Begin();
        WriteTracking.MarkPartition(new PartitionWrite(3, 11, WrittenStores.Scans));
        WriteTracking.MarkPartition(new PartitionWrite(3, 11, WrittenStores.Scans));
        WriteTracking.MarkPartition(new PartitionWrite(3, 12, WrittenStores.Scans));
        var first = call.TakeWritten();
        WriteTracking.MarkPartition(new PartitionWrite(3, 11, WrittenStores.Observations));
        var batch = first | call.TakeWritten();
        Assert.Equal([new PartitionWrite(3, 11, WrittenStores.Scans | WrittenStores.Observations), new PartitionWrite(3, 12, WrittenStores.Scans)], batch.Partitions.ToArray());
        // An answer that wrote what the batch already names adds nothing.
        WriteTracking.MarkPartition(new PartitionWrite(3, 12, WrittenStores.Scans));
        Assert.Equal(batch, batch | call.TakeWritten());
    }
}
