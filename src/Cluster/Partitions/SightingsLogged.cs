namespace Tracing.Cluster.Partitions;

/// <summary>A batch of sightings logged (not yet durable) by a partition grain: its answer and the activation that logged it.</summary>
/// <param name="New">False when the batch key was seen before (nothing logged).</param>
/// <param name="Epoch">The activation that logged it (<see cref="PartitionEpochs"/>).</param>
/// <param name="Stores">The partition's stores written, to wait for (<see cref="IPartitionGrain.WhenDurableAsync"/>).</param>
[GenerateSerializer]
[Alias("tracing.SightingsLogged")]
public sealed record SightingsLogged(
    [property: Id(0)] bool New,
    [property: Id(1)] long Epoch,
    [property: Id(2)] Matching.WrittenStores Stores);
