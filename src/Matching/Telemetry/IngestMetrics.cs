using System.Diagnostics.Metrics;

namespace Tracing.Matching.Telemetry;

/// <summary>What flows in: observations logged, uploads pushed back while the applier catches up, scans recorded.</summary>
internal static class IngestMetrics
{
    private static readonly Counter<long> s_observations = EngineTelemetry.Meter.CreateCounter<long>(
        "tracing.observations.logged",
        unit: "{observation}",
        description: "Bluetooth observations written to the observation stores' write-ahead logs.");

    private static readonly Counter<long> s_pushbacks = EngineTelemetry.Meter.CreateCounter<long>(
        "tracing.observations.pushbacks",
        unit: "{upload}",
        description: "Contact uploads refused (RESOURCE_EXHAUSTED, retry later) because the applier's backlog stayed full.");

    private static readonly Counter<long> s_scans = EngineTelemetry.Meter.CreateCounter<long>(
        "tracing.scans.recorded",
        unit: "{scan}",
        description: "QR scans recorded (repeated deliveries of a scan not counted).");

    public static void Logged(int observations) => s_observations.Add(observations);

    public static void PushedBack() => s_pushbacks.Add(1);

    public static void ScanRecorded() => s_scans.Add(1);
}
