namespace Tracing.Cluster.Partitions;

/// <summary>A scan logged (not yet durable) by a partition grain: its answer and the activation that logged it.</summary>
/// <param name="FirstReceipt">The packed receipt of the scan first recorded under the same receipt, or empty when new.</param>
/// <param name="Epoch">The activation that logged it (<see cref="PartitionEpochs"/>).</param>
/// <param name="Stores">The partition's stores written, to wait for (<see cref="IPartitionGrain.WhenDurableAsync"/>).</param>
[GenerateSerializer]
[Alias("tracing.ScanLogged")]
public sealed record ScanLogged(
    [property: Id(0)] byte[] FirstReceipt,
    [property: Id(1)] long Epoch,
    [property: Id(2)] Matching.WrittenStores Stores);
