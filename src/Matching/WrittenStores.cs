namespace Tracing.Matching;

/// <summary>
/// The engine's stores as flags, each made durable by a commit of its own: what a write touched decides which commits
/// its acknowledgement waits for (<see cref="TracingEngine.WhenDurableAsync"/>).
/// </summary>
[Flags]
public enum WrittenStores
{
    /// <summary>Nothing was written.</summary>
    None = 0,

    /// <summary>The general store (people, venues, declarations, cases, codes, notifications): its group commit is a checkpoint.</summary>
    General = 1,

    /// <summary>The scan store: its write-ahead log's group commit.</summary>
    Scans = 2,

    /// <summary>The observation store: its write-ahead log's group commit.</summary>
    Observations = 4,

    /// <summary>Every store.</summary>
    All = General | Scans | Observations,
}
