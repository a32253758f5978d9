using Tracing.Matching;
using Tracing.Matching.Model;
using Tracing.Matching.Partitions;
using Tracing.Matching.Storage.Observations;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// A partition open in this silo, with the grain's byte-packed operations (<see cref="IPartitionGrain"/>): writes answer
/// once logged, with the activation's epoch, and are made durable by a later wait (<see cref="WhenDurableAsync"/>);
/// CPU-heavy reads run on the thread pool; a refusal travels as <see cref="PartitionRefusal"/>.
/// </summary>
internal sealed class PackedPartition(IPartition partition, PartitionEpochs epochs)
{
    /// <summary>The open partition.</summary>
    public IPartition Partition => partition;

    /// <summary>This activation's epoch and the cleanly closed ones before it.</summary>
    public PartitionEpochs Epochs => epochs;

    public async Task<ScanLogged> RecordScanAsync(string receipt, byte[] scan, int dailyCap)
    {
        var (first, stores) = await Logged(async () => await partition.RecordScanAsync(receipt, Packing.UnpackOne<ScanEvent>(scan), dailyCap).ConfigureAwait(false) is { } earlier ? Packing.PackOne(earlier) : []).ConfigureAwait(false);
        return new ScanLogged(first, epochs.Current, stores);
    }

    public async Task<byte[]> VenueDayAsync(uint venue, long day) => Packing.Pack<ScanEvent>(await Refusals(() => partition.VenueDayAsync(venue, day)).ConfigureAwait(false));

    public async Task<byte[]> ScansAtAsync(uint venue, long from, long to) => Packing.Pack<ScanEvent>(await Refusals(() => partition.ScansAtAsync(venue, from, to)).ConfigureAwait(false));

    public async Task<byte[]> ItinerariesAsync(uint[] people, long from, long to)
        => Packing.Pack<ScanEvent>(await Task.Run(() => Refusals(() => partition.ItinerariesAsync(people, from, to))).ConfigureAwait(false));

    public async Task<long[]> ScanDaysAsync() => await partition.ScanDaysAsync().ConfigureAwait(false);

    public async Task<bool> WaitForRoomAsync() => await partition.WaitForRoomAsync().ConfigureAwait(false);

    public async Task<SightingsLogged> AppendSightingsAsync(byte[] batchKey, byte[] sightings)
    {
        var (isNew, stores) = await Logged(async () => await partition.AppendSightingsAsync(batchKey, Packing.Unpack<LoggedSighting>(sightings)).ConfigureAwait(false)).ConfigureAwait(false);
        return new SightingsLogged(isNew, epochs.Current, stores);
    }

    public async Task WhenDurableAsync(WrittenStores stores, long epoch)
    {
        switch (epochs.Of(epoch))
        {
            case EpochState.Current:
                await partition.WhenDurableAsync(new PartitionWrite(partition.Number, PartitionWrite.AnyEpoch, stores)).ConfigureAwait(false);
                return;
            case EpochState.Durable:
                return;
            default:
                throw new PartitionRefusal(
                    TracingError.Unavailable,
                    $"Partition {partition.Number} reopened on another silo (its previous one stopped) before the writes of this call were durable: they may be lost. Send them again; scan receipts and batch ids answer a repeat.",
                    "Hệ thống vừa chuyển dữ liệu sang máy chủ khác sau một sự cố nên chưa chắc đã lưu được dữ liệu bạn vừa gửi. Bạn vui lòng gửi lại sau ít phút.");
        }
    }

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

    // A write is answered once logged, with the stores it wrote: the caller waits for their commits once for all it
    // wrote here (WhenDurableAsync), so the writes of a batch, and of concurrent callers, share one commit.
    private static async Task<(T Answer, WrittenStores Stores)> Logged<T>(Func<Task<T>> write)
    {
        using var writes = WriteTracking.Begin();
        var answer = await Refusals(() => new ValueTask<T>(write())).ConfigureAwait(false);
        return (answer, writes.TakeWritten().Stores);
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
