namespace Tracing.Server.Telemetry;

/// <summary>
/// The <c>Tracing:Telemetry</c> section: where metrics are scraped and where metrics and traces are sent. Both are off
/// unless set (docs/OPERATIONS.md lists what is measured).
/// </summary>
public sealed class TelemetrySettings
{
    /// <summary>
    /// Where Prometheus scrapes <c>/metrics</c>, e.g. <c>http://0.0.0.0:9464</c>: an <c>http</c> address with a port
    /// of its own, never the gRPC or web port (the metrics stay off the public ports). Empty: no scrape endpoint.
    /// </summary>
    public string PrometheusUrl { get; set; } = "";

    /// <summary>
    /// An OpenTelemetry collector that receives metrics and traces over OTLP/gRPC, e.g. <c>http://collector:4317</c>.
    /// Empty: none.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>The <c>service.name</c> reported with every metric and trace.</summary>
    public string ServiceName { get; set; } = "tracing-server";
}
