using System.Diagnostics;
using System.Globalization;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Clients;
using Tracing.Harness;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The metrics an operator scrapes (docs/OPERATIONS.md): after a real scenario over gRPC, the counters of calls,
/// ingest, case tracing, refusals and stores have moved by what happened. Alone in its collection: the instruments
/// are process-wide, and servers of other tests running meanwhile would add to them.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_scrape_after_a_case_shows_the_calls_ingest_tracing_refusals_and_stores()
    {
        var metricsUrl = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        await using var server = await ServerProcess.StartAsync(settings: [$"--Tracing:Telemetry:PrometheusUrl={metricsUrl}", "--Tracing:Limits:OtpRequestsPerPhone:PermitLimit=1"]);
        using var http = new HttpClient();
        var before = await ScrapeAsync(http, metricsUrl);

        var now = DateTimeOffset.UtcNow;
        var (caseDevice, caseId) = await Citizens.DeclaredDeviceAsync(server, "Trần Thị An");
        var (observer, _) = await Citizens.DeclaredDeviceAsync(server, "Đỗ Văn Phúc");
        var casePhone = new SimulatedPhone(seed: 5);
        // Within one UTC day (minutes count per day): three hours ago straddled midnight from 02:40 to 03:00 UTC.
        var noonYesterday = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1).AddHours(12);
        var heard = casePhone.HeardFor(noonYesterday, TimeSpan.FromMinutes(20), rssi: -60, txPower: -5).ToList();
        await observer.UploadObservationsAsync(heard);
        using var health = server.WithApiKey(ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = caseId, TestDate = Timestamp.FromDateTimeOffset(now) });
        var upload = await caseDevice.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest { VerificationCode = report.VerificationCode, Keys = { casePhone.GetDiagnosisKeys(now.AddDays(-2), now) } });
        Assert.Equal(1, upload.ExposuresFound);
        using var stranger = server.WithToken("not-a-token");
        await Assert.ThrowsAsync<RpcException>(() => stranger.Exposures.GetMyExposuresAsync(new GetMyExposuresRequest()).ResponseAsync);
        using var anonymous = server.Anonymous();
        var phone = Citizens.NewPhone();
        await anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone });
        var flood = await Assert.ThrowsAsync<RpcException>(() => anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, flood.StatusCode);

        var after = await ScrapeAsync(http, metricsUrl);
        double Moved(string name, params string[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.Equal(heard.Count, Moved("tracing_observations_logged_total"));
        Assert.Equal(1, Moved("rpc_server_call_duration_seconds_count", "rpc_method=\"tracing.v1.ContactService/UploadContacts\"", "rpc_response_status_code=\"OK\""));
        Assert.Equal(1, Moved("rpc_server_call_duration_seconds_count", "rpc_method=\"tracing.v1.CaseService/UploadDiagnosisKeys\"", "rpc_response_status_code=\"OK\""));
        Assert.Equal(1, Moved("rpc_server_call_duration_seconds_count", "rpc_method=\"tracing.v1.ExposureService/GetMyExposures\"", "rpc_response_status_code=\"UNAUTHENTICATED\"", "error_type=\"UNAUTHENTICATED\""));
        Assert.Equal(1, Moved("rpc_server_call_duration_seconds_count", "rpc_method=\"tracing.v1.AuthService/RequestOtp\"", "rpc_response_status_code=\"RESOURCE_EXHAUSTED\""));
        Assert.Equal(1, Moved("tracing_limits_refusals_total", "tracing_limit=\"RequestOtp/phone\""));
        Assert.Equal(1, Moved("tracing_case_match_duration_seconds_count", "tracing_case_step=\"report\""));
        Assert.Equal(1, Moved("tracing_case_match_duration_seconds_count", "tracing_case_step=\"keys\""));
        Assert.Equal(1, Moved("tracing_case_durable_duration_seconds_count", "tracing_case_step=\"report\""));
        Assert.Equal(1, Moved("tracing_case_durable_duration_seconds_count", "tracing_case_step=\"keys\""));
        Assert.Equal(1, Moved("tracing_case_exposures_total", "tracing_exposure_tier=\"F1\"", "tracing_exposure_kind=\"proximity\""));
        // The stores report their size and the age of their last checkpoint (the applier's backlog per partition).
        Assert.True(after.Sum("tracing_store_log_size_bytes", "tracing_store=\"general\"") > 0);
        Assert.True(after.Has("tracing_store_checkpoint_age_seconds", "tracing_store=\"observations\"", "tracing_partition=\"0\""));
        Assert.True(after.Has("tracing_observations_backlog_bytes", "tracing_partition=\"0\""));
        Assert.True(after.Has("tracing_store_recovery_duration_seconds_count", "tracing_store=\"scans\"", "tracing_partition=\"0\""));
    }

    [Fact]
    public async Task A_case_reports_trace_runs_from_the_grpc_call_into_the_engines_case_step()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Tracing.Matching" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) spans.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await ServerProcess.StartAsync();
        var (_, caseId) = await Citizens.DeclaredDeviceAsync(server, "Trần Thị An");
        using var health = server.WithApiKey(ServerProcess.HealthKey);
        await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = caseId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });

        List<Activity> ended;
        lock (spans)
            ended = [.. spans];
        var step = Assert.Single(ended, s => s.OperationName == "case.report");
        var call = Assert.Single(ended, s => s.SpanId == step.ParentSpanId);
        Assert.Equal(step.TraceId, call.TraceId);
        Assert.Equal("Microsoft.AspNetCore.Hosting.HttpRequestIn", call.OperationName);
        // The wait for the case's writes to be durable is a span of the same call.
        Assert.Contains(ended, s => s.OperationName == "store.durable" && s.ParentSpanId == call.SpanId);
    }

    [Fact]
    public async Task The_metrics_port_serves_only_the_scrape_and_the_public_ports_never_do()
    {
        var metricsUrl = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        await using var server = await ServerProcess.StartAsync(settings: $"--Tracing:Telemetry:PrometheusUrl={metricsUrl}");
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{metricsUrl}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{server.WebAddress}/metrics")).StatusCode);
        var spoofed = new HttpRequestMessage(HttpMethod.Get, $"{server.WebAddress}/metrics") { Headers = { Host = new Uri(metricsUrl).Authority } };
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{metricsUrl}/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{metricsUrl}/safety-map")).StatusCode);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:9464", "http://ADDRESS:PORT")]
    [InlineData("http://127.0.0.1", "http://ADDRESS:PORT")]
    [InlineData("http://metrics.example:9464", "IP address")]
    public async Task A_wrong_metrics_address_stops_the_start_and_says_what_to_fix(string url, string advice)
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(settings: $"--Tracing:Telemetry:PrometheusUrl={url}"));
        Assert.Contains("Tracing:Telemetry:PrometheusUrl", refused.Message);
        Assert.Contains(advice, refused.Message);
    }

    [Fact]
    public async Task Metrics_with_addresses_given_as_urls_stop_the_start_rather_than_leave_the_public_ports_unserved()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(settings: [$"--Tracing:Telemetry:PrometheusUrl=http://127.0.0.1:{LoopbackPorts.Free()}", "--urls=http://127.0.0.1:5999"]));
        Assert.Contains("Kestrel:Endpoints:Grpc:Url", refused.Message);
    }

    private static async Task<Scrape> ScrapeAsync(HttpClient http, string metricsUrl)
        => new(await http.GetStringAsync($"{metricsUrl}/metrics"));

    /// <summary>The samples of a Prometheus text exposition: name, label set and value per line.</summary>
    private sealed class Scrape(string text)
    {
        private readonly List<(string Name, string Labels, double Value)> _samples = text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(Parse)
            .ToList();

        /// <summary>The sum of the samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
        public double Sum(string name, params string[] labels)
            => _samples.Where(s => s.Name == name && labels.All(s.Labels.Contains)).Sum(s => s.Value);

        public bool Has(string name, params string[] labels) => _samples.Any(s => s.Name == name && labels.All(s.Labels.Contains));

        private static (string, string, double) Parse(string line)
        {
            var brace = line.IndexOf('{');
            var space = line.LastIndexOf('}') is var close and >= 0 ? close + 1 : line.IndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = brace >= 0 ? line[brace..space] : "";
            var value = line[space..].Trim().Split(' ')[0];
            return (name, labels, value == "+Inf" ? double.PositiveInfinity : double.Parse(value, CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>Runs <see cref="TelemetryTests"/> alone, after the tests that run in parallel.</summary>
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection;
