using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tracing.Matching.Model;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Telemetry;

/// <summary>How long a case's tracing takes and whom it finds: what a health department waits for.</summary>
internal static class CaseMetrics
{
    private static readonly Histogram<double> s_duration = EngineTelemetry.Meter.CreateHistogram(
        "tracing.case.match.duration",
        unit: "s",
        description: "Time to trace a case's contacts (venue matches at a report, proximity at a key upload, then F2), before its writes are made durable.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = EngineTelemetry.CaseDurationBuckets });

    private static readonly Counter<long> s_exposures = EngineTelemetry.Meter.CreateCounter<long>(
        "tracing.case.exposures",
        unit: "{exposure}",
        description: "Exposures found and notified, by tier (F1, F2) and kind (venue, proximity).");

    /// <summary>Times one step of a case (<c>report</c> or <c>keys</c>) as a span and in the histogram, until disposed.</summary>
    public static Matching Begin(string step) => new(step, EngineTelemetry.Source.StartActivity("case." + step), Stopwatch.GetTimestamp());

    /// <summary>Counts an exposure notified.</summary>
    public static void Exposed(ExposureTier tier, ExposureKind kind)
        => s_exposures.Add(1, new KeyValuePair<string, object?>("tracing.exposure.tier", tier.ToString()), new KeyValuePair<string, object?>("tracing.exposure.kind", kind == ExposureKind.Venue ? "venue" : "proximity"));

    /// <summary>A case step under way.</summary>
    public readonly struct Matching(string step, Activity? activity, long started) : IDisposable
    {
        public void Dispose()
        {
            s_duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(EngineTelemetry.CaseStepAttribute, step));
            activity?.Dispose();
        }
    }
}
