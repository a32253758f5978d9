using System.Diagnostics.Metrics;
using Tracing.Matching.Telemetry;

namespace Tracing.Bench.E2e;

/// <summary>
/// The server's own times of each case's keys, heard in this process: tracing them (<c>tracing.case.match.duration</c>,
/// step <c>keys</c>), then waiting for their writes to be durable (<c>tracing.case.durable.duration</c>), and the whole
/// request in the server's hands (ASP.NET Core's <c>http.server.request.duration</c> of the <c>UploadDiagnosisKeys</c>
/// route: from its headers read to its answer sent). A case timed over the wire splits into tracing, durable, the rest
/// of the request in the server (waiting for a core between its steps, the handler's other work), and what is outside
/// the server's hands (the client's side and the connection, each waiting for a core too). Cases are timed one at a
/// time, so the last times heard are the last case's.
/// </summary>
internal sealed class CaseTracingTimes : IDisposable
{
    // The server's meter (Tracing.Server.Telemetry.ServerMetrics.MeterName).
    private const string ServerMeterName = "Tracing.Server";
    private const string HostingMeterName = "Microsoft.AspNetCore.Hosting";
    private static readonly string s_keysRoute = $"/{V1.CaseService.Descriptor.FullName}/UploadDiagnosisKeys";
    private readonly MeterListener _listener = new();
    private double _lastMilliseconds = double.NaN;
    private double _lastDurableMilliseconds = double.NaN;
    private double _lastRequestMilliseconds = double.NaN;

    public CaseTracingTimes()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if ((instrument.Meter.Name == EngineTelemetry.MeterName && instrument.Name == "tracing.case.match.duration")
                || (instrument.Meter.Name == ServerMeterName && instrument.Name == "tracing.case.durable.duration")
                || (instrument.Meter.Name == HostingMeterName && instrument.Name == "http.server.request.duration"))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (instrument.Meter.Name == HostingMeterName)
                {
                    if (tag.Key == "http.route" && tag.Value is string route && route == s_keysRoute)
                        Volatile.Write(ref _lastRequestMilliseconds, seconds * 1000);
                    continue;
                }
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

    /// <summary>The last case's tracing time, durability wait and request in the server, ms, and forgets them (null when not heard since).</summary>
    public (double? Tracing, double? Durable, double? InServer) Take()
        => (Taken(ref _lastMilliseconds), Taken(ref _lastDurableMilliseconds), Taken(ref _lastRequestMilliseconds));

    private static double? Taken(ref double last) => Interlocked.Exchange(ref last, double.NaN) is var value && double.IsNaN(value) ? null : value;

    public void Dispose() => _listener.Dispose();
}
