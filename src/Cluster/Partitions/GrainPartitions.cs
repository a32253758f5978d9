using Tracing.Matching.Partitions;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// Every partition of the data plane as grains of the cluster (<see cref="IPartitionGrain"/>, keyed by number): what
/// the owning silo's engine routes its data-plane calls through. Closing it closes nothing: each grain closes its own
/// stores when the cluster deactivates it.
/// </summary>
public sealed class GrainPartitions : IPartitions
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
}
