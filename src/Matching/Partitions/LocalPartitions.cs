using Tracing.Matching.Internal;

namespace Tracing.Matching.Partitions;

/// <summary>Every partition of a storage root, opened in this process: the embedded default.</summary>
public sealed class LocalPartitions : IPartitions
{
    private readonly Partition[] _partitions;

    private LocalPartitions(PartitionLayout layout, Partition[] partitions)
    {
        Layout = layout;
        _partitions = partitions;
    }

    /// <summary>
    /// Opens (recovers) every partition of <paramref name="storageRoot"/> side by side; the count is the root's
    /// (<see cref="PartitionLayout.OpenOrCreate"/>, <see cref="EngineOptions.Partitions"/> for a new root).
    /// </summary>
    public static LocalPartitions Open(string storageRoot, EngineOptions options)
    {
        var layout = PartitionLayout.OpenOrCreate(storageRoot, options.Partitions);
        var opening = Enumerable.Range(0, layout.Count).Select(p => BlockingWork.Run(() => Partition.Open(storageRoot, p, options))).ToArray();
        return new LocalPartitions(layout, Task.WhenAll(opening).GetAwaiter().GetResult());
    }

    /// <inheritdoc/>
    public PartitionLayout Layout { get; }

    /// <inheritdoc/>
    public IPartition this[int number] => _partitions[number];

    /// <summary>The partitions, by number.</summary>
    public IReadOnlyList<Partition> All => _partitions;

    /// <summary>Commits, checkpoints and closes every partition.</summary>
    public async ValueTask DisposeAsync()
        => await Task.WhenAll(_partitions.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
}
