namespace Tracing.Crash;

/// <summary>How a crash run loads and kills the server: sized small in the tests, large in the bench.</summary>
internal sealed record CrashRunOptions
{
    /// <summary>The server's data folder (kept between the restarts; the caller deletes it).</summary>
    public required string DataDir { get; init; }

    /// <summary>Every random choice (when to kill) follows from it: log it, and pass it again to repeat a run.</summary>
    public required int Seed { get; init; }

    /// <summary>Kills: each is followed by a restart and an audit of everything acknowledged so far.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Phones uploading contact batches, one batch at a time each.</summary>
    public int Observers { get; init; } = 40;

    /// <summary>Observations of unrelated phones added to each batch (load only).</summary>
    public int FillerPerBatch { get; init; }

    /// <summary>New door scanners (each with a venue of its own) per round.</summary>
    public int ScannersPerRound { get; init; } = 1;

    /// <summary>Scans one scanner means to send.</summary>
    public int ScansPerScanner { get; init; } = 10_000;

    /// <summary>A round kills after at least this many batches were acknowledged in it (drawn between the two).</summary>
    public (int Min, int Max) KillAfterBatches { get; init; } = (100, 300);

    /// <summary>… and after at least this long of ingestion (drawn between the two).</summary>
    public (TimeSpan Min, TimeSpan Max) KillAfterTime { get; init; } = (TimeSpan.Zero, TimeSpan.FromMilliseconds(300));

    /// <summary>
    /// … and after at least this many scans were acknowledged in it: two make a visit (a scanner's scans go in, out, in,
    /// …), so every round's audit has scans and visits to check however quickly the batches are acknowledged.
    /// </summary>
    public int KillAfterScans { get; init; } = 2;

    /// <summary>The longest a round may take to reach its kill point before the run fails.</summary>
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Server settings (store sizing, limits); the tests' small sizing by default.</summary>
    public IReadOnlyList<string> ServerSettings { get; init; } = ChildServer.TestSizing;

    /// <summary>The server's assembly; <c>Tracing.Server.dll</c> beside the caller's by default.</summary>
    public string? ServerDll { get; init; }

    /// <summary>Where progress lines go.</summary>
    public Action<string> Log { get; init; } = _ => { };
}
