using Tracing.Matching;
using Tracing.Matching.Model;
using Tracing.Matching.Partitions;
using Tracing.Matching.Storage.Observations;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// A partition open in this silo, with the grain's byte-packed operations (<see cref="IPartitionGrain"/>): writes answer
/// once durable, CPU-heavy reads run on the thread pool, a refusal travels as <see cref="PartitionRefusal"/>.
/// </summary>
internal sealed class PackedPartition(IPartition partition)
{
    /// <summary>The open partition.</summary>
    public IPartition Partition => partition;

    public Task<byte[]> RecordScanAsync(string receipt, byte[] scan, int dailyCap)
        => Durably(async () => await partition.RecordScanAsync(receipt, Packing.UnpackOne<ScanEvent>(scan), dailyCap).ConfigureAwait(false) is { } first ? Packing.PackOne(first) : []);

    public async Task<byte[]> VenueDayAsync(uint venue, long day) => Packing.Pack<ScanEvent>(await Refusals(() => partition.VenueDayAsync(venue, day)).ConfigureAwait(false));

    public async Task<byte[]> ScansAtAsync(uint venue, long from, long to) => Packing.Pack<ScanEvent>(await Refusals(() => partition.ScansAtAsync(venue, from, to)).ConfigureAwait(false));

    public async Task<byte[]> ItinerariesAsync(uint[] people, long from, long to)
        => Packing.Pack<ScanEvent>(await Task.Run(() => Refusals(() => partition.ItinerariesAsync(people, from, to))).ConfigureAwait(false));

    public async Task<long[]> ScanDaysAsync() => await partition.ScanDaysAsync().ConfigureAwait(false);

    public async Task<bool> WaitForRoomAsync() => await partition.WaitForRoomAsync().ConfigureAwait(false);

    public Task<bool> AppendSightingsAsync(byte[] batchKey, byte[] sightings)
        => Durably(async () => await partition.AppendSightingsAsync(batchKey, Packing.Unpack<LoggedSighting>(sightings)).ConfigureAwait(false));

    public async Task<byte[]> ProximityAsync(byte[] keys, long from, long until, uint source)
        => Packing.Pack<ProximityContact>(await Task.Run(() => Refusals(() => partition.ProximityAsync(Packing.UnpackKeys(keys), from, until, source))).ConfigureAwait(false));

    public async Task<byte[]> SightingsOfAsync(byte[] rpi)
        => Packing.Pack<Observation>(await Task.Run(async () => await partition.SightingsOfAsync(rpi).ConfigureAwait(false)).ConfigureAwait(false));

    public Task CatchUpAsync() => Task.Run(async () => await partition.CatchUpAsync().ConfigureAwait(false));

    public Task CheckpointAsync() => Task.Run(async () => await partition.CheckpointAsync().ConfigureAwait(false));

    public Task<long> DropDaysBeforeAsync(long firstKeptDay) => Task.Run(async () => await partition.DropDaysBeforeAsync(firstKeptDay).ConfigureAwait(false));

    public async Task<PartitionStatusMessage> StatusAsync()
    {
        var status = await partition.StatusAsync().ConfigureAwait(false);
        return new PartitionStatusMessage(status.Number, status.ObservationLogBytes, status.UnappliedBytes, status.CheckpointFailure);
    }

    /// <summary>Commits, checkpoints and closes the partition, off the grain's scheduler.</summary>
    public Task CloseAsync() => Task.Run(async () =>
    {
        if (partition is IAsyncDisposable closing)
            await closing.DisposeAsync().ConfigureAwait(false);
    });

    // A write is answered once what it wrote is durable: it tracks its own writes and waits for exactly those commits
    // (concurrent writes share them: the stores commit in groups).
    private async Task<T> Durably<T>(Func<Task<T>> write)
    {
        using var writes = WriteTracking.Begin();
        var result = await Refusals(() => new ValueTask<T>(write())).ConfigureAwait(false);
        await partition.WhenDurableAsync(writes.TakeWritten()).ConfigureAwait(false);
        return result;
    }

    // A refusal crosses to the caller whole (its kind and Vietnamese sentence), not as a bare message.
    private static async Task<T> Refusals<T>(Func<ValueTask<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TracingException refusal)
        {
            throw new PartitionRefusal(refusal.Error, refusal.Message, refusal.Vietnamese);
        }
    }
}
