using Tracing.Cluster.Partitions;
using Tracing.Matching;
using Tracing.Matching.Model;
using Tracing.Matching.Partitions;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// A partition grain answers a write once it is logged, naming the activation that logged it (its epoch); the owner
/// then waits once for that partition's commits at that activation. Here the grain's own operations
/// (<see cref="PackedPartition"/>) run over a real partition on disk, and the owner's retry (<see cref="TransientRetry"/>)
/// turns a refusal into the engine's: if the partition reopened elsewhere from what a killed process left on disk, the
/// wait for the dead activation's writes is refused as unavailable (they may be lost) and the client's resend is kept
/// once; after a clean close (a graceful leave, a move) the next activation answers that wait at once.
/// </summary>
public sealed class PartitionEpochTests : IDisposable
{
    private static readonly long At = new DateTimeOffset(2021, 8, 20, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tracing-epoch-tests", Guid.NewGuid().ToString("N"));
    private readonly TransientRetry _retry = new(TimeSpan.FromSeconds(1), TimeProvider.System);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_wait_for_writes_of_an_activation_that_died_is_refused_as_unavailable_and_the_resent_scans_are_kept_once()
    {
        var live = Path.Combine(_directory, "live");
        var image = Path.Combine(_directory, "image");
        var dead = Activate(live);
        ScanLogged second;
        try
        {
            var first = await dead.RecordScanAsync("u-1\nevent-1", Packing.PackOne(Scan(1)), dailyCap: 100);
            Assert.Empty(first.FirstReceipt);
            Assert.Equal(WrittenStores.Scans, first.Stores);
            // Its own activation: waits for the commit that covers it.
            await _retry.RunAsync(() => dead.WhenDurableAsync(first.Stores, first.Epoch));
            // Logged, answered, but not waited for: the process is killed now (what it leaves on disk is copied).
            second = await dead.RecordScanAsync("u-2\nevent-2", Packing.PackOne(Scan(2)), dailyCap: 100);
            Assert.Equal(first.Epoch, second.Epoch);
            CrashImage.Copy(live, image);
        }
        finally
        {
            await dead.CloseAsync();
        }

        var reopened = Activate(image);
        try
        {
            var refusal = await Assert.ThrowsAsync<TracingException>(() => _retry.RunAsync(() => reopened.WhenDurableAsync(second.Stores, second.Epoch)));
            Assert.Equal(TracingError.Unavailable, refusal.Error);
            Assert.NotEmpty(refusal.Vietnamese);

            // The client sends both again: the durable one is answered by its receipt, the other is recorded (or found,
            // if its commit made it to disk), and the wait at the new activation succeeds.
            var again = await reopened.RecordScanAsync("u-1\nevent-1", Packing.PackOne(Scan(1)), dailyCap: 100);
            Assert.NotEmpty(again.FirstReceipt);
            var resent = await reopened.RecordScanAsync("u-2\nevent-2", Packing.PackOne(Scan(2)), dailyCap: 100);
            Assert.NotEqual(second.Epoch, resent.Epoch);
            await _retry.RunAsync(() => reopened.WhenDurableAsync(resent.Stores, resent.Epoch));
            var held = Packing.Unpack<ScanEvent>(await reopened.VenueDayAsync(7, At / 86_400));
            Assert.Equal([1u, 2u], held.Select(s => s.Person).Order());
        }
        finally
        {
            await reopened.CloseAsync();
        }
    }

    [Fact]
    public async Task After_a_clean_close_the_next_activation_answers_a_wait_for_the_earlier_one_at_once()
    {
        var root = Path.Combine(_directory, "root");
        var leaving = Activate(root);
        var logged = await leaving.AppendSightingsAsync([], Packing.Pack<LoggedSighting>([LoggedSighting.Of(new byte[16], new Observation(3, (uint)At, 300, 60, 0, 0))]));
        Assert.True(logged.New);
        Assert.Equal(WrittenStores.Observations, logged.Stores);
        await leaving.CloseAsync();
        leaving.Epochs.SaveClosed(Stores(root).EpochsOf(0));

        var next = Activate(root);
        try
        {
            Assert.NotEqual(logged.Epoch, next.Epochs.Current);
            await _retry.RunAsync(() => next.WhenDurableAsync(logged.Stores, logged.Epoch));
            // An activation that was never closed cleanly (a made-up epoch here) is still refused.
            var refusal = await Assert.ThrowsAsync<TracingException>(() => _retry.RunAsync(() => next.WhenDurableAsync(logged.Stores, logged.Epoch + 1)));
            Assert.Equal(TracingError.Unavailable, refusal.Error);
        }
        finally
        {
            await next.CloseAsync();
        }
    }

    private static ScanEvent Scan(uint person) => new(person, 7, At, At, 0, ScanDirection.In, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.None);

    private static PartitionStores Stores(string root)
    {
        var options = new EngineOptions { Store = StoreOptions.Small(root), Observations = ObservationOptions.Small, Scans = ScanOptions.Small };
        var layout = PartitionLayout.OpenOrCreate(root, 1);
        return new PartitionStores(root, layout, number => Partition.Open(root, number, options));
    }

    /// <summary>Partition 0 of <paramref name="root"/> opened as a grain activation opens it: a fresh epoch, the stores recovered.</summary>
    private static PackedPartition Activate(string root)
    {
        var stores = Stores(root);
        return new PackedPartition(stores.Open(0), PartitionEpochs.Open(stores.EpochsOf(0)));
    }
}
