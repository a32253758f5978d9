namespace Tracing.ClusterHarness;

/// <summary>How to start one server process: on which storage root, with how many partitions, in which cluster.</summary>
internal sealed record SiloOptions
{
    /// <summary>A name for its log (e.g. "silo-1", "embedded").</summary>
    public required string Name { get; init; }

    /// <summary>The storage root; every silo of a cluster shares one.</summary>
    public required string DataDir { get; init; }

    /// <summary><c>Tracing:Partitions</c> (fixed when the storage root is created); null leaves the setting out (the embedded default, 1).</summary>
    public int? Partitions { get; init; }

    /// <summary>The cluster to join; null for the embedded server (no Cluster section at all).</summary>
    public ClusterMembership? Cluster { get; init; }

    /// <summary>More command-line settings (sizing, probe timings).</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];

    /// <summary>Where the process's whole output is written, a file per process.</summary>
    public required string LogDirectory { get; init; }

    /// <summary>The server's assembly; by default <c>Tracing.Server.dll</c> beside the caller's.</summary>
    public string? ServerDll { get; init; }
}

/// <summary>The cluster a silo joins: its Redis membership table (a connection string with the password), its id and the secret its silos share.</summary>
internal sealed record ClusterMembership(string Redis, string ClusterId, string Secret);
