using Tracing.Matching.Storage.Observations;

namespace Tracing.Server;

/// <summary>The <c>Tracing:Observations</c> configuration section: sizing and limits of the observation store.</summary>
public sealed class ObservationSettings
{
    private static readonly ObservationOptions s_defaults = new();

    /// <summary>Sightings expected per day (sizes each new day's buckets).</summary>
    public long ExpectedPerDay { get; set; } = s_defaults.ExpectedPerDay;

    /// <summary>Megabytes of acknowledged uploads that may wait to be applied before uploads wait, then are refused.</summary>
    public double MaxUnappliedMegabytes { get; set; } = s_defaults.MaxUnappliedBytes / (double)(1 << 20);

    /// <summary>Seconds an upload waits for room before it is refused with RESOURCE_EXHAUSTED.</summary>
    public double BacklogWaitSeconds { get; set; } = s_defaults.BacklogWait.TotalSeconds;

    /// <summary>
    /// Megabytes of log applied since the last checkpoint after which the next one starts at once (0: off, by period
    /// only). It bounds the log a restart after a crash applies again (while serving, but taking uploads only once done);
    /// each checkpoint writes every day store written since the last one whole, so a small value costs ingestion.
    /// </summary>
    public double CheckpointAfterMegabytes { get; set; } = 256;

    /// <summary>Seconds between two checkpoints of the day stores.</summary>
    public double CheckpointIntervalSeconds { get; set; } = s_defaults.CheckpointInterval.TotalSeconds;

    /// <summary>The engine's options.</summary>
    public ObservationOptions ToOptions() => new()
    {
        ExpectedPerDay = ExpectedPerDay,
        MaxUnappliedBytes = (long)(MaxUnappliedMegabytes * (1 << 20)),
        BacklogWait = TimeSpan.FromSeconds(BacklogWaitSeconds),
        CheckpointInterval = TimeSpan.FromSeconds(CheckpointIntervalSeconds),
        CheckpointLogBytes = (long)(CheckpointAfterMegabytes * (1 << 20)),
    };
}
