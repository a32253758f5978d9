using System.Diagnostics.Metrics;
using Tracing.Matching.Telemetry;

namespace Tracing.Bench.E2e;

/// <summary>
/// The server's own times of each case's keys, heard in this process: tracing them (<c>tracing.case.match.duration</c>,
/// step <c>keys</c>) and then waiting for their writes to be durable (<c>tracing.case.durable.duration</c>). A case
/// timed over the wire splits into those and the rest (waiting for a core before and after, the call itself). Cases
/// are timed one at a time, so the last times heard are the last case's.
/// </summary>
internal sealed class CaseTracingTimes : IDisposable
{
    // The server's meter (Tracing.Server.Telemetry.ServerMetrics.MeterName).
    private const string ServerMeterName = "Tracing.Server";
    private readonly MeterListener _listener = new();
    private double _lastMilliseconds = double.NaN;
    private double _lastDurableMilliseconds = double.NaN;

    public CaseTracingTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter.Name == EngineTelemetry.MeterName && instrument.Name == "tracing.case.match.duration")
                || (instrument.Meter.Name == ServerMeterName && instrument.Name == "tracing.case.durable.duration"))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key != EngineTelemetry.CaseStepAttribute || tag.Value is not "keys")
                    continue;
                if (instrument.Name == "tracing.case.durable.duration")
                    Volatile.Write(ref _lastDurableMilliseconds, seconds * 1000);
                else
                    Volatile.Write(ref _lastMilliseconds, seconds * 1000);
            }
        });
        _listener.Start();
    }

    /// <summary>The last case's tracing time and durability wait, ms, and forgets them (null when not heard since).</summary>
    public (double? Tracing, double? Durable) Take() => (Taken(ref _lastMilliseconds), Taken(ref _lastDurableMilliseconds));

    private static double? Taken(ref double last) => Interlocked.Exchange(ref last, double.NaN) is var value && double.IsNaN(value) ? null : value;

    public void Dispose() => _listener.Dispose();
}
