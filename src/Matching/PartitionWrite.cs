namespace Tracing.Matching;

/// <summary>
/// Stores of one partition written by a call, under one activation of that partition: what the acknowledgement waits
/// for there (<see cref="Partitions.IPartition.WhenDurableAsync"/>).
/// </summary>
/// <param name="Partition">The partition's number.</param>
/// <param name="Epoch">
/// The activation that logged the writes: a partition grain draws a random one each time it opens, so a durability wait
/// can tell that the activation which logged a write is gone (and the write, if it was not durable yet, with it).
/// <see cref="AnyEpoch"/> for a partition in this process, which never changes activation while it runs.
/// </param>
/// <param name="Stores">The partition's stores written: <see cref="WrittenStores.Scans"/>, <see cref="WrittenStores.Observations"/>.</param>
public readonly record struct PartitionWrite(int Partition, long Epoch, WrittenStores Stores)
{
    /// <summary>The epoch of a partition in this process, and of a wait for whatever the current activation logged.</summary>
    public const long AnyEpoch = 0;
}
