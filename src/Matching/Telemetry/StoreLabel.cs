namespace Tracing.Matching.Telemetry;

/// <summary>
/// Which store a measurement is of: its kind (<c>general</c>, <c>batch_ids</c>, <c>observations</c>, <c>scans</c>) and,
/// for a partition's stores, the partition's number.
/// </summary>
public readonly record struct StoreLabel(string Store, int? Partition = null)
{
    /// <summary>The measurement attributes: <c>tracing.store</c>, and <c>tracing.partition</c> when it has one.</summary>
    public KeyValuePair<string, object?>[] Tags { get; } = Partition is { } partition
        ? [new("tracing.store", Store), new("tracing.partition", partition)]
        : [new("tracing.store", Store)];
}
