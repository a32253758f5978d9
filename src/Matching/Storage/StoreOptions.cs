namespace Tracing.Matching.Storage;

/// <summary>Where and how large the FASTER store is.</summary>
public sealed record StoreOptions
{
    /// <summary>The folder holding the hybrid log and its checkpoints.</summary>
    public required string Directory { get; init; }

    /// <summary>Hash index size as a power of two of 64-byte buckets.</summary>
    public int IndexSizeBits { get; init; } = 20;

    /// <summary>In-memory part of the log as a power of two of bytes.</summary>
    public int MemorySizeBits { get; init; } = 28;

    /// <summary>Log page size as a power of two of bytes; a record must fit in one page.</summary>
    public int PageSizeBits { get; init; } = 22;

    /// <summary>
    /// The shortest time between two group commits of the store's own log. None by default: a commit is one write,
    /// and the writers arriving while it runs form the next group anyway.
    /// </summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.Zero;

    /// <summary>How often a store with a log of its own checkpoints in the background (and drops the log before).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>What the store's metrics are labelled with (the general store unless a partition says otherwise).</summary>
    public Telemetry.StoreLabel Label { get; init; } = new("general");

    /// <summary>How often a full checkpoint (index and log) bounds recovery time.</summary>
    public TimeSpan FullCheckpointInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Payload bytes a new appended-to record has room for, before it first doubles.</summary>
    public int MinimumAppendCapacity { get; init; } = 48;

    /// <summary>
    /// Whether the store's owner makes it durable, with a write-ahead log of its own, and checkpoints it
    /// (<see cref="FasterStore.StartLogCheckpoint"/>): the scan day stores. Any other store logs its writes itself.
    /// </summary>
    public bool MadeDurableByOwner { get; init; }

    /// <summary>Small settings for tests: a few megabytes of memory.</summary>
    public static StoreOptions Small(string directory) => new()
    {
        Directory = directory,
        IndexSizeBits = 14,
        MemorySizeBits = 25,
        PageSizeBits = 22,
    };
}
