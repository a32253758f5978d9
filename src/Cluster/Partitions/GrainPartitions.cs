using Tracing.Matching;
using Tracing.Matching.Backup;
using Tracing.Matching.Partitions;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// Every partition of the data plane as grains of the cluster (<see cref="IPartitionGrain"/>, keyed by number): what
/// the owning silo's engine routes its data-plane calls through. Closing it closes nothing: each grain closes its own
/// stores when the cluster deactivates it. A backup holds the upkeep of every silo through the partitions' grains.
/// </summary>
public sealed class GrainPartitions : IPartitions, IRemoteUpkeep
{
    private readonly GrainPartition[] _partitions;

    /// <summary>The partitions of <paramref name="layout"/>, called through <paramref name="grains"/>, each call retried for at most <paramref name="retryFor"/>.</summary>
    public GrainPartitions(IGrainFactory grains, PartitionLayout layout, TimeSpan retryFor, TimeProvider time)
    {
        Layout = layout;
        var retry = new TransientRetry(retryFor, time);
        _partitions = Enumerable.Range(0, layout.Count).Select(p => new GrainPartition(p, grains.GetGrain<IPartitionGrain>(p), retry)).ToArray();
    }

    /// <inheritdoc/>
    public PartitionLayout Layout { get; }

    /// <inheritdoc/>
    public IPartition this[int number] => _partitions[number];

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    /// <remarks>
    /// Each partition's activation holds its silo's upkeep and names its epoch; the release names the epoch open then.
    /// A partition whose epochs differ closed meanwhile — its files may have been checkpointed or replaced under the
    /// copy — and the backup is refused, to be taken again.
    /// </remarks>
    public async Task HoldWhileAsync(Func<Task> copy, CancellationToken cancellationToken)
    {
        var backup = Guid.NewGuid();
        var holding = Task.WhenAll(_partitions.Select(p => p.HoldUpkeepAsync(backup)));
        long[] held;
        try
        {
            held = await holding.WaitAsync(cancellationToken).ConfigureAwait(false);
            await copy().ConfigureAwait(false);
        }
        catch (IOException failed) when (holding.IsCompletedSuccessfully)
        {
            // A file gone or cut short under the copy: a partition that moved says why.
            var moved = Moved(holding.Result, await ReleaseAsync(backup).ConfigureAwait(false));
            throw moved.Count > 0 ? MovedRefusal(moved) : new IOException(failed.Message, failed);
        }
        catch
        {
            _ = ReleaseOnceHeldAsync(holding, backup);
            throw;
        }
        var movedMeanwhile = Moved(held, await ReleaseAsync(backup).ConfigureAwait(false));
        if (movedMeanwhile.Count > 0)
            throw MovedRefusal(movedMeanwhile);
    }

    private static List<int> Moved(long[] held, long[] open) => Enumerable.Range(0, held.Length).Where(p => held[p] != open[p]).ToList();

    private static TracingException MovedRefusal(List<int> moved) => new(
        TracingError.Unavailable,
        $"Partition(s) {string.Join(", ", moved)} moved to another silo while the backup copied them (a silo left, joined or died), so their copy may be torn: take the backup again.",
        "Trong lúc sao lưu, dữ liệu của cụm máy chủ đã được chuyển giữa các nút nên bản sao lưu có thể không trọn vẹn. Bạn vui lòng sao lưu lại.");

    private async Task<long[]> ReleaseAsync(Guid backup)
        => await Task.WhenAll(_partitions.Select(p => p.ReleaseUpkeepAsync(backup))).ConfigureAwait(false);

    // A backup that failed or was cancelled: its holds end once taken (a hold still waiting would outlive a release
    // made now). One that cannot be released (its silo died) is gone with it, or ends by itself (UpkeepHolds).
    private async Task ReleaseOnceHeldAsync(Task holding, Guid backup)
    {
        await holding.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
        await ReleaseAsync(backup).ContinueWith(static t => _ = t.Exception, TaskScheduler.Default).ConfigureAwait(false);
    }
}
