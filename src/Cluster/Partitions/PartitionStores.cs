using Tracing.Matching.Partitions;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// Where this silo finds the partitions' stores and how it opens one: the storage root every silo mounts, and the
/// engine's options.
/// </summary>
/// <param name="StorageRoot">The storage root (the folder of the general store; partitions live under <c>partitions/</c>).</param>
/// <param name="Layout">The root's partition layout.</param>
/// <param name="Open">Opens (recovers) partition n of the root in this process.</param>
public sealed record PartitionStores(string StorageRoot, PartitionLayout Layout, Func<int, IPartition> Open)
{
    /// <summary>The lease file of partition <paramref name="number"/>.</summary>
    public string LeaseOf(int number) => Path.Combine(PartitionLayout.Folder(StorageRoot, number), "lease");

    /// <summary>The list of partition <paramref name="number"/>'s activations that closed cleanly (<see cref="PartitionEpochs"/>).</summary>
    public string EpochsOf(int number) => Path.Combine(PartitionLayout.Folder(StorageRoot, number), "durable-epochs");
}
