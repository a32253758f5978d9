namespace Tracing.Matching.Partitions;

/// <summary>
/// Every partition of the data plane, by number: in this process (<c>LocalPartitions</c>), or wherever the
/// cluster runs them (Orleans grains, in <c>src/Cluster</c>). The engine routes each write and read through
/// <see cref="Layout"/>.
/// </summary>
public interface IPartitions : IAsyncDisposable
{
    /// <summary>How many partitions there are and which holds what.</summary>
    PartitionLayout Layout { get; }

    /// <summary>Partition <paramref name="number"/> (0 … <see cref="PartitionLayout.Count"/> − 1).</summary>
    IPartition this[int number] { get; }
}
