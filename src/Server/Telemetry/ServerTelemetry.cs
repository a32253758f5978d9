using System.Net;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tracing.Matching.Telemetry;

namespace Tracing.Server.Telemetry;

/// <summary>
/// Metrics and traces with OpenTelemetry: the engine's and the server's instruments, ASP.NET Core's and the runtime's;
/// scraped by Prometheus on a port of their own (<see cref="TelemetrySettings.PrometheusUrl"/>) and/or exported over
/// OTLP (<see cref="TelemetrySettings.OtlpEndpoint"/>). Traces run from the gRPC call into the engine's case steps
/// (and, in a cluster, across silos: Orleans' own spans).
/// </summary>
internal static class ServerTelemetry
{
    /// <summary>The path Prometheus scrapes on the metrics port.</summary>
    public const string ScrapePath = "/metrics";

    private static readonly string[] s_orleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Adds OpenTelemetry when a scrape endpoint or an OTLP endpoint is set; checks both first.</summary>
    public static void AddTracingTelemetry(this WebApplicationBuilder builder, TelemetrySettings settings)
    {
        var scrape = ScrapeEndpoint(settings, builder.Configuration);
        var otlp = OtlpEndpoint(settings);
        if (scrape is null && otlp is null)
            return;
        if (scrape is { } endpoint)
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1));
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EngineTelemetry.MeterName, ServerMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation();
                if (scrape is not null)
                    metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp is not null)
                    metrics.AddOtlpExporter(options => options.Endpoint = otlp);
            });
        // Traces only go out over OTLP: without a collector, no span is made at all (they would cost every call).
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(EngineTelemetry.SourceName)
                .AddSource(s_orleansSources)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => context.Request.Path != ScrapePath)
                .AddOtlpExporter(options => options.Endpoint = otlp));
        }
    }

    /// <summary>
    /// Serves <see cref="ScrapePath"/> on the metrics port only, and nothing else there: that port answers no gRPC call
    /// and no page, and the public ports do not answer the scrape (whatever Host header a request claims).
    /// </summary>
    public static void UseMetricsPort(this WebApplication app, TelemetrySettings settings)
    {
        if (ScrapeEndpoint(settings, app.Configuration) is not { } endpoint)
            return;
        app.Use(async (context, next) =>
        {
            var onMetricsPort = context.Connection.LocalPort == endpoint.Port;
            if (onMetricsPort != (context.Request.Path == ScrapePath) || (onMetricsPort && !HttpMethods.IsGet(context.Request.Method)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Connection.LocalPort == endpoint.Port && context.Request.Path == ScrapePath);
    }

    /// <summary>The scrape endpoint's address; null when none is set. Throws, saying what to fix, for a wrong one.</summary>
    private static IPEndPoint? ScrapeEndpoint(TelemetrySettings settings, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(settings.PrometheusUrl))
            return null;
        const string Setting = "Tracing:Telemetry:PrometheusUrl";
        if (!Uri.TryCreate(settings.PrometheusUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp || url.IsDefaultPort || url.AbsolutePath != "/")
            throw new InvalidOperationException($"{Setting} is '{settings.PrometheusUrl}': set it to http://ADDRESS:PORT with a port of its own (e.g. http://127.0.0.1:9464, or http://0.0.0.0:9464 for a scraper on another machine), or leave it empty for no metrics endpoint.");
        // Kestrel then listens where code says, and would ignore addresses given as `urls` / ASPNETCORE_URLS.
        if (!string.IsNullOrWhiteSpace(configuration["urls"]))
            throw new InvalidOperationException($"{Setting} cannot be used with `urls` (ASPNETCORE_URLS, --urls): give the public addresses as Kestrel:Endpoints:Grpc:Url and Kestrel:Endpoints:Web:Url instead, as appsettings.json does.");
        foreach (var served in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (Uri.TryCreate(served["Url"], UriKind.Absolute, out var other) && other.Port == url.Port)
                throw new InvalidOperationException($"{Setting} uses port {url.Port}, which Kestrel:Endpoints:{served.Key} serves: give the metrics a port of their own, so they stay off the public ports.");
        }
        var address = url.Host switch
        {
            "localhost" => IPAddress.Loopback,
            "0.0.0.0" or "*" or "+" => IPAddress.Any,
            _ when IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) => ip,
            _ => throw new InvalidOperationException($"{Setting} is '{settings.PrometheusUrl}': its host must be an IP address this machine listens on (127.0.0.1, 0.0.0.0, ::) or localhost."),
        };
        return new IPEndPoint(address, url.Port);
    }

    /// <summary>The OTLP collector's address; null when none is set. Throws, saying what to fix, for a wrong one.</summary>
    private static Uri? OtlpEndpoint(TelemetrySettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.OtlpEndpoint))
            return null;
        if (!Uri.TryCreate(settings.OtlpEndpoint, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"Tracing:Telemetry:OtlpEndpoint is '{settings.OtlpEndpoint}': set it to the collector's OTLP/gRPC address (e.g. http://collector:4317), or leave it empty.");
        return url;
    }
}
