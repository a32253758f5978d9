using Tracing.Matching;
using Tracing.Matching.Model;
using Tracing.Matching.Partitions;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tracing;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// One partition as the engine on the owning silo sees it: each operation a call to the partition's grain, wherever
/// the cluster runs it, retried while the grain is moving (<see cref="TransientRetry"/>). The grain answers a write once
/// logged, with the epoch of the activation that logged it; the write marks the caller's <see cref="WriteTracking"/>
/// with both, and the acknowledgement makes one call per partition written (<see cref="WhenDurableAsync"/>), refused if
/// that activation is gone.
/// </summary>
internal sealed class GrainPartition(int number, IPartitionGrain grain, TransientRetry retry) : IPartition
{
    /// <inheritdoc/>
    public int Number => number;

    /// <inheritdoc/>
    public async ValueTask<ScanReceipt?> RecordScanAsync(string receipt, ScanEvent scan, int dailyCap)
    {
        var packed = Packing.PackOne(scan);
        var logged = await retry.RunAsync(() => grain.RecordScanAsync(receipt, packed, dailyCap)).ConfigureAwait(false);
        Written(logged.Epoch, logged.Stores);
        return logged.FirstReceipt.Length == 0 ? null : Packing.UnpackOne<ScanReceipt>(logged.FirstReceipt);
    }

    /// <inheritdoc/>
    public async ValueTask<ScanEvent[]> VenueDayAsync(uint venue, long day)
        => Packing.Unpack<ScanEvent>(await retry.RunAsync(() => grain.VenueDayAsync(venue, day)).ConfigureAwait(false));

    /// <inheritdoc/>
    public async ValueTask<ScanEvent[]> ScansAtAsync(uint venue, long from, long to)
        => Packing.Unpack<ScanEvent>(await retry.RunAsync(() => grain.ScansAtAsync(venue, from, to)).ConfigureAwait(false));

    /// <inheritdoc/>
    public async ValueTask<ScanEvent[]> ItinerariesAsync(uint[] people, long from, long to)
        => Packing.Unpack<ScanEvent>(await retry.RunAsync(() => grain.ItinerariesAsync(people, from, to)).ConfigureAwait(false));

    /// <inheritdoc/>
    public async ValueTask<long[]> ScanDaysAsync() => await retry.RunAsync(grain.ScanDaysAsync).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<bool> WaitForRoomAsync(CancellationToken cancellationToken = default)
        => await retry.RunAsync(grain.WaitForRoomAsync).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<bool> AppendSightingsAsync(byte[] batchKey, ReadOnlyMemory<LoggedSighting> sightings)
    {
        var packed = Packing.Pack(sightings.Span);
        var logged = await retry.RunAsync(() => grain.AppendSightingsAsync(batchKey, packed)).ConfigureAwait(false);
        Written(logged.Epoch, logged.Stores);
        return logged.New;
    }

    /// <inheritdoc/>
    public async ValueTask<ProximityContact[]> ProximityAsync(DiagnosisKey[] keys, long from, long until, uint source)
    {
        var packed = Packing.PackKeys(keys);
        return Packing.Unpack<ProximityContact>(await retry.RunAsync(() => grain.ProximityAsync(packed, from, until, source)).ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public async ValueTask<Observation[]> SightingsOfAsync(byte[] rpi)
        => Packing.Unpack<Observation>(await retry.RunAsync(() => grain.SightingsOfAsync(rpi)).ConfigureAwait(false));

    /// <inheritdoc/>
    public async ValueTask WhenDurableAsync(PartitionWrite written, CancellationToken cancellationToken = default)
        => await retry.RunAsync(() => grain.WhenDurableAsync(written.Stores, written.Epoch)).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask CatchUpAsync() => await retry.RunAsync(grain.CatchUpAsync).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask CheckpointAsync() => await retry.RunAsync(grain.CheckpointAsync).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<long> DropDaysBeforeAsync(long firstKeptDay)
        => await retry.RunAsync(() => grain.DropDaysBeforeAsync(firstKeptDay)).ConfigureAwait(false);

    /// <inheritdoc/>
    public async ValueTask<PartitionStatus> StatusAsync()
    {
        var status = await retry.RunAsync(grain.StatusAsync).ConfigureAwait(false);
        return new PartitionStatus(status.Number, status.ObservationLogBytes, status.UnappliedBytes, status.CheckpointFailure);
    }

    /// <summary>Holds the upkeep of the partition's silo for a backup: the epoch of the activation holding it.</summary>
    public Task<long> HoldUpkeepAsync(Guid backup) => retry.RunAsync(() => grain.HoldUpkeepAsync(backup));

    /// <summary>Ends a backup's hold: the epoch of the activation now open (another than the holder's if the partition moved).</summary>
    public Task<long> ReleaseUpkeepAsync(Guid backup) => retry.RunAsync(() => grain.ReleaseUpkeepAsync(backup));

    // What the acknowledgement waits for: this partition's stores, at the activation that logged them (a retried call
    // answered by a new activation names that one).
    private void Written(long epoch, WrittenStores stores)
    {
        if (stores != WrittenStores.None)
            WriteTracking.MarkPartition(new PartitionWrite(number, epoch, stores));
    }
}
