using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tracing.Matching.Telemetry;

/// <summary>
/// The engine's meter and activity source: what a host hands to OpenTelemetry (<see cref="MeterName"/>,
/// <see cref="SourceName"/>). Instruments cost nothing until something listens to them. Attribute names follow the
/// OpenTelemetry semantic conventions where one exists; the domain's own are under <c>tracing.</c>.
/// </summary>
public static class EngineTelemetry
{
    /// <summary>The name of the engine's meter (metrics).</summary>
    public const string MeterName = "Tracing.Matching";

    /// <summary>The name of the engine's activity source (traces).</summary>
    public const string SourceName = "Tracing.Matching";

    /// <summary>
    /// The attribute naming a case call's step (<c>report</c> or <c>keys</c>), on the engine's tracing time of a case
    /// and on the server's wait for that case's writes to be durable: read together, they split a slow case answer.
    /// </summary>
    public const string CaseStepAttribute = "tracing.case.step";

    /// <summary>Bucket boundaries, in seconds, of both case histograms (<see cref="CaseStepAttribute"/>), so that their parts line up.</summary>
    public static IReadOnlyList<double> CaseDurationBuckets { get; } = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly ActivitySource Source = new(SourceName);
}
