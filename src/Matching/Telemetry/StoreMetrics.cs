using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tracing.Matching.Telemetry;

/// <summary>
/// The stores' upkeep as an operator watches it: how long checkpoints take, how long ago the last one succeeded (a
/// growing age means the write-ahead log, and a restart's replay, grow with it), how large each store's log is, and how
/// far the observation applier is behind what was acknowledged.
/// </summary>
internal static class StoreMetrics
{
    private static readonly ConcurrentDictionary<Tracked, byte> s_tracked = new();

    private static readonly Histogram<double> s_checkpointDuration = EngineTelemetry.Meter.CreateHistogram(
        "tracing.store.checkpoint.duration",
        unit: "s",
        description: "Time a store's periodic checkpoint took (error.type set when it failed).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    private static readonly Histogram<double> s_recovery = EngineTelemetry.Meter.CreateHistogram(
        "tracing.store.recovery.duration",
        unit: "s",
        description: "Time a store took to open and recover its checkpoint (one measurement per start, or per partition activation in a cluster).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    static StoreMetrics()
    {
        EngineTelemetry.Meter.CreateObservableGauge(
            "tracing.store.checkpoint.age",
            () => s_tracked.Keys.Select(t => new Measurement<double>((DateTime.UtcNow - t.LastCheckpoint()).TotalSeconds, t.Label.Tags)),
            unit: "s",
            description: "Seconds since the store's last successful checkpoint (since it was opened, before the first).");
        EngineTelemetry.Meter.CreateObservableGauge(
            "tracing.store.log.size",
            () => s_tracked.Keys.Select(t => new Measurement<long>(t.LogBytes(), t.Label.Tags)),
            unit: "By",
            description: "Bytes of the store's log between its start and its tail (the observation store: its day logs and filters).");
        EngineTelemetry.Meter.CreateObservableGauge(
            "tracing.observations.backlog",
            () => s_tracked.Keys.Where(t => t.Backlog is not null).Select(t => new Measurement<long>(t.Backlog!(), t.Label.Tags)),
            unit: "By",
            description: "Bytes of acknowledged observation batches the applier has not put in their day stores yet.");
    }

    /// <summary>Reports the store's checkpoint age, log size and (an observation store's) backlog until disposed.</summary>
    public static IDisposable Track(StoreLabel label, Func<DateTime> lastCheckpoint, Func<long> logBytes, Func<long>? backlog = null)
    {
        var tracked = new Tracked(label, lastCheckpoint, logBytes, backlog);
        s_tracked[tracked] = 0;
        return tracked;
    }

    /// <summary>Records how long a store took to recover when it opened.</summary>
    public static void Recovered(StoreLabel label, TimeSpan took) => s_recovery.Record(took.TotalSeconds, label.Tags);

    /// <summary>Records one checkpoint's duration, and its failure.</summary>
    public static void CheckpointTook(StoreLabel label, TimeSpan took, Exception? failure)
    {
        if (failure is null)
        {
            s_checkpointDuration.Record(took.TotalSeconds, label.Tags);
            return;
        }
        var tags = new TagList(label.Tags) { { "error.type", failure.GetType().Name } };
        s_checkpointDuration.Record(took.TotalSeconds, tags);
    }

    private sealed record Tracked(StoreLabel Label, Func<DateTime> LastCheckpoint, Func<long> LogBytes, Func<long>? Backlog) : IDisposable
    {
        public void Dispose() => s_tracked.TryRemove(this, out _);
    }
}
