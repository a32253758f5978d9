using Tracing.Matching.Model;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;

namespace Tracing.Matching;

/// <summary>Where the engine keeps its data and which rules it applies.</summary>
public sealed record EngineOptions
{
    /// <summary>FASTER store settings.</summary>
    public required StoreOptions Store { get; init; }

    /// <summary>Sizing of the observation store (one store per day).</summary>
    public ObservationOptions Observations { get; init; } = new();

    /// <summary>Sizing of the scan store (one store per day).</summary>
    public ScanOptions Scans { get; init; } = new();

    /// <summary>
    /// How many partitions a new storage root gets (<see cref="Partitions.PartitionLayout"/>; null: 1). A root keeps the
    /// count it was created with: a different one here refuses to open it.
    /// </summary>
    public int? Partitions { get; init; }

    /// <summary>The configurable numbers of the domain rules.</summary>
    public TracingRules Rules { get; init; } = new();
}
