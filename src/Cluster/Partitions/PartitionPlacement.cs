using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// Places each partition on the silo <see cref="PartitionMap"/> gives it among the active silos: the partitions spread
/// evenly, a silo's death moves only its own, and every silo computes the same map without asking anyone
/// (<see cref="PreferredSilo"/>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("tracing.PartitionPlacement")]
public sealed class PartitionPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static PartitionPlacement Instance { get; } = new();

    /// <summary>The silo partition <paramref name="number"/> of <paramref name="count"/> belongs on among <paramref name="silos"/>.</summary>
    /// <remarks>A silo is known by its endpoint, not its generation: one that restarts on the same address gets its partitions back.</remarks>
    public static SiloAddress PreferredSilo(IReadOnlyCollection<SiloAddress> silos, long number, int count)
    {
        var candidates = silos.ToArray();
        return candidates[PartitionMap.Assign([.. candidates.Select(silo => silo.Endpoint.ToString())], count)[number]];
    }
}

/// <summary>Marks a grain class as placed by <see cref="PartitionPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PartitionPlacementAttribute : PlacementAttribute
{
    /// <summary>Placement by partition number.</summary>
    public PartitionPlacementAttribute()
        : base(PartitionPlacement.Instance)
    {
    }
}

/// <summary>Carries out <see cref="PartitionPlacement"/> when a partition grain activates.</summary>
internal sealed class PartitionPlacementDirector(PartitionStores stores) : IPlacementDirector
{
    /// <inheritdoc/>
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
        => Task.FromResult(PartitionPlacement.PreferredSilo(context.GetCompatibleSilos(target), target.GrainIdentity.GetIntegerKey(), stores.Layout.Count));
}
