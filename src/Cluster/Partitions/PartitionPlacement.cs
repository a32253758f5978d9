using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// Places partition p on the (p mod n)-th of the n active silos, in the order of their addresses: the partitions
/// spread evenly, and every silo computes the same map without asking anyone (<see cref="PreferredSilo"/>).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("tracing.PartitionPlacement")]
public sealed class PartitionPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static PartitionPlacement Instance { get; } = new();

    /// <summary>The silo partition <paramref name="number"/> belongs on among <paramref name="silos"/>.</summary>
    public static SiloAddress PreferredSilo(IReadOnlyCollection<SiloAddress> silos, long number)
    {
        var ordered = silos.OrderBy(silo => silo.ToParsableString(), StringComparer.Ordinal).ToArray();
        return ordered[(int)(number % ordered.Length)];
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
internal sealed class PartitionPlacementDirector : IPlacementDirector
{
    /// <inheritdoc/>
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
        => Task.FromResult(PartitionPlacement.PreferredSilo(context.GetCompatibleSilos(target), target.GrainIdentity.GetIntegerKey()));
}
