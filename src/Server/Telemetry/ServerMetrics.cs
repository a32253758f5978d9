using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Tracing.Matching.Telemetry;

namespace Tracing.Server.Telemetry;

/// <summary>The server's own instruments: every gRPC call, and the calls refused by the abuse limits.</summary>
internal static class ServerMetrics
{
    /// <summary>The name of the server's meter.</summary>
    public const string MeterName = "Tracing.Server";

    private static readonly Meter s_meter = new(MeterName);

    // The OpenTelemetry RPC semantic conventions: rpc.server.call.duration in seconds, rpc.method as service/method.
    private static readonly Histogram<double> s_calls = s_meter.CreateHistogram(
        "rpc.server.call.duration",
        unit: "s",
        description: "Duration of gRPC calls served, by method and status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    private static readonly Counter<long> s_refusals = s_meter.CreateCounter<long>(
        "tracing.limits.refusals",
        unit: "{call}",
        description: "Calls refused RESOURCE_EXHAUSTED by an abuse limit, by limit: floods of one-time passwords, registrations, uploads.");

    private static readonly Histogram<double> s_caseDurable = s_meter.CreateHistogram(
        "tracing.case.durable.duration",
        unit: "s",
        description: "Time a case call's writes (its case file, exposures, notifications) took to be durable once traced, before the answer.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = EngineTelemetry.CaseDurationBuckets });

    private static readonly string[] s_statusNames = Enum.GetValues<StatusCode>().Select(NameOf).ToArray();

    /// <summary>Records a finished call of <paramref name="method"/> (<c>/package.Service/Method</c>).</summary>
    public static void CallEnded(string method, StatusCode status, TimeSpan took)
    {
        var name = (int)status < s_statusNames.Length ? s_statusNames[(int)status] : status.ToString();
        var tags = new TagList
        {
            { "rpc.system.name", "grpc" },
            { "rpc.method", method.TrimStart('/') },
            { "rpc.response.status_code", name },
        };
        if (status != StatusCode.OK)
            tags.Add("error.type", name);
        s_calls.Record(took.TotalSeconds, tags);
    }

    /// <summary>Records how long a case call (<c>report</c> or <c>keys</c>, as in <c>tracing.case.match.duration</c>) waited for its writes to be durable.</summary>
    public static void CaseDurable(string step, TimeSpan waited)
        => s_caseDurable.Record(waited.TotalSeconds, new KeyValuePair<string, object?>(EngineTelemetry.CaseStepAttribute, step));

    /// <summary>Counts a call refused by the limit named <paramref name="limit"/>.</summary>
    public static void Refused(string limit) => s_refusals.Add(1, new KeyValuePair<string, object?>("tracing.limit", limit));

    /// <summary>INVALID_ARGUMENT for <see cref="StatusCode.InvalidArgument"/>: gRPC's own names of its codes.</summary>
    private static string NameOf(StatusCode status)
    {
        var name = status.ToString();
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && char.IsLower(name[i - 1]) ? "_" + c : c.ToString())).ToUpperInvariant();
    }
}
