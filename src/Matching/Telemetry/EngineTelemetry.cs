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

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly ActivitySource Source = new(SourceName);
}
