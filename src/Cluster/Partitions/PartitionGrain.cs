using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Tracing.Matching.Backup;
using Tracing.Matching.Internal;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// A partition hosted by this silo: on activation it takes the partition's lease, draws its epoch
/// (<see cref="PartitionEpochs"/>) and opens (recovers) its stores; on deactivation — the silo leaving, or the cluster
/// moving it — it checkpoints and closes them, notes its epoch as closed cleanly and gives the lease back.
/// Calls interleave (the stores are thread-safe); it is never collected while idle.
/// </summary>
[Reentrant]
[KeepAlive]
[PartitionPlacement]
internal sealed class PartitionGrain(
    PartitionStores stores,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<PartitionGrain> logger) : Grain, IPartitionGrain
{
    private readonly UpkeepHolds _upkeepHolds = new(time);
    private FileLease? _lease;
    private PackedPartition? _partition;

    private int Number => (int)this.GetPrimaryKeyLong();

    private PackedPartition Open => _partition ?? throw new PartitionClosingException($"Partition {Number} is closing on this silo; it reopens where the cluster places it.");

    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var number = Number;
        _lease = FileLease.TryTake(stores.LeaseOf(number))
            ?? throw new LeaseTakenException($"Partition {number}'s lease is held by another process; its activation there has not closed yet.");
        try
        {
            var started = time.GetTimestamp();
            var epochs = PartitionEpochs.Open(stores.EpochsOf(number));
            _partition = new PackedPartition(await BlockingWork.Run(() => stores.Open(number)).ConfigureAwait(true), epochs);
            ClusterLog.PartitionOpened(logger, number, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch
        {
            _lease.Dispose();
            _lease = null;
            throw;
        }
        await base.OnActivateAsync(cancellationToken).ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A backup holding the upkeep through this activation learns it closed (its epoch is gone) and fails; its hold
        // must not outlive the activation.
        _upkeepHolds.Dispose();
        if (_partition is { } open)
        {
            _partition = null;
            await open.CloseAsync().ConfigureAwait(true);
            // Everything this activation logged is durable now: the next one answers waits for it at once. Written
            // before the lease is given back, so the next activation reads it whole.
            open.Epochs.SaveClosed(stores.EpochsOf(Number));
        }
        _lease?.Dispose();
        _lease = null;
        ClusterLog.PartitionClosed(logger, Number, reason.Description);
        await base.OnDeactivateAsync(reason, cancellationToken).ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public Task PingAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public Task<bool> BalanceAsync()
    {
        var active = membership.CurrentSnapshot.Members.Values.Where(member => member.Status == SiloStatus.Active).Select(member => member.SiloAddress).ToArray();
        if (active.Length == 0)
            return Task.FromResult(false);
        var preferred = PartitionPlacement.PreferredSilo(active, Number, stores.Layout.Count);
        if (preferred.Equals(silo.SiloAddress))
            return Task.FromResult(false);
        ClusterLog.PartitionMoving(logger, Number, preferred.ToString());
        this.MigrateOnIdle();
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public Task<ScanLogged> RecordScanAsync(string receipt, byte[] scan, int dailyCap) => Open.RecordScanAsync(receipt, scan, dailyCap);

    /// <inheritdoc/>
    public Task<byte[]> VenueDayAsync(uint venue, long day) => Open.VenueDayAsync(venue, day);

    /// <inheritdoc/>
    public Task<byte[]> ScansAtAsync(uint venue, long from, long to) => Open.ScansAtAsync(venue, from, to);

    /// <inheritdoc/>
    public Task<byte[]> ItinerariesAsync(uint[] people, long from, long to) => Open.ItinerariesAsync(people, from, to);

    /// <inheritdoc/>
    public Task<long[]> ScanDaysAsync() => Open.ScanDaysAsync();

    /// <inheritdoc/>
    public Task<bool> WaitForRoomAsync() => Open.WaitForRoomAsync();

    /// <inheritdoc/>
    public Task<SightingsLogged> AppendSightingsAsync(byte[] batchKey, byte[] sightings) => Open.AppendSightingsAsync(batchKey, sightings);

    /// <inheritdoc/>
    public Task WhenDurableAsync(Matching.WrittenStores stores, long epoch) => Open.WhenDurableAsync(stores, epoch);

    /// <inheritdoc/>
    public Task<byte[]> ProximityAsync(byte[] keys, long from, long until, uint source) => Open.ProximityAsync(keys, from, until, source);

    /// <inheritdoc/>
    public Task<byte[]> SightingsOfAsync(byte[] rpi) => Open.SightingsOfAsync(rpi);

    /// <inheritdoc/>
    public Task CatchUpAsync() => Open.CatchUpAsync();

    /// <inheritdoc/>
    public async Task CheckpointAsync()
    {
        using var step = UpkeepStep();
        await Open.CheckpointAsync().ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public async Task<long> DropDaysBeforeAsync(long firstKeptDay)
    {
        using var step = UpkeepStep();
        return await Open.DropDaysBeforeAsync(firstKeptDay).ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public Task<PartitionStatusMessage> StatusAsync() => Open.StatusAsync();

    // The owner's checkpoint or retention reaching this silo counts as this silo's upkeep, which a backup's hold waits
    // for; once a copy runs here, it is refused as transient (the owner retries it), never waited for: the owner's
    // hold waits for the owner's step that asked, so waiting here could deadlock.
    private static IDisposable UpkeepStep()
        => StoreBackup.TryBeginUpkeep() ?? throw new UpkeepHeldException("A backup is copying this silo's stores; their upkeep waits until it ends.");

    /// <inheritdoc/>
    public async Task<long> HoldUpkeepAsync(Guid backup)
    {
        var open = Open;
        await _upkeepHolds.HoldAsync(backup).ConfigureAwait(true);
        if (_partition != open)
        {
            // It closed while the hold waited for the silo's upkeep under way: no hold may outlive it.
            _upkeepHolds.Release(backup);
            _ = Open;
        }
        return open.Epochs.Current;
    }

    /// <inheritdoc/>
    public Task<long> ReleaseUpkeepAsync(Guid backup)
    {
        _upkeepHolds.Release(backup);
        return Task.FromResult(Open.Epochs.Current);
    }
}
