using System.Diagnostics.Metrics;
using Tracing.Matching.Telemetry;

namespace Tracing.Bench.E2e;

/// <summary>
/// The server's own time tracing each case's keys (<c>tracing.case.match.duration</c>, step <c>keys</c>), heard in
/// this process: a case timed over the wire splits into that and the rest (the wait until durable, the call itself).
/// Cases are timed one at a time, so the last time heard is the last case's.
/// </summary>
internal sealed class CaseTracingTimes : IDisposable
{
    private readonly MeterListener _listener = new();
    private double _lastMilliseconds = double.NaN;

    public CaseTracingTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EngineTelemetry.MeterName && instrument.Name == "tracing.case.match.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "tracing.case.step", Value: "keys" })
                    Volatile.Write(ref _lastMilliseconds, seconds * 1000);
            }
        });
        _listener.Start();
    }

    /// <summary>The last case's tracing time, ms, and forgets it (null when none was heard since).</summary>
    public double? Take() => Interlocked.Exchange(ref _lastMilliseconds, double.NaN) is var last && double.IsNaN(last) ? null : last;

    public void Dispose() => _listener.Dispose();
}
