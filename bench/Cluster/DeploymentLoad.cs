using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Bench.E2e;
using Tracing.Bench.Engine;
using Tracing.Clients;
using Tracing.ClusterHarness;
using Tracing.Crash;
using Tracing.V1;

namespace Tracing.Bench.Cluster;

/// <summary>What one deployment (embedded server, 1 silo, N silos) measured under the same load.</summary>
internal sealed record DeploymentFigures(
    string Deployment,
    int Silos,
    double ObservationsPerSecond,
    double ScansPerSecond,
    List<double> ReportCaseMilliseconds,
    List<double> UploadKeysMilliseconds,
    int ExposuresFound,
    int Pushbacks);

/// <summary>
/// The same load through a deployment's gRPC ports, spread over them: device d and scanner s call entry d mod n and
/// s mod n. Ingest: every device streams its batches over one <c>UploadContacts</c> call, <see cref="Streams"/> at once
/// (acknowledged = durable); then door scanners stream their scans (<c>StreamScans</c>, answered = durable); then the
/// cases, one after another: <c>ReportCase</c> (health department) and <c>UploadDiagnosisKeys</c>, each timed.
/// </summary>
internal sealed class DeploymentLoad(string name, IReadOnlyList<string> entries, string dataDir, ClusterLoadData data)
{
    private const int Streams = 8;
    private const int Scanners = 16;
    private const int Venues = 8;

    public async Task<DeploymentFigures> RunAsync(int scans)
    {
        var anonymous = entries.Select(TracingClient.Anonymous).ToList();
        try
        {
            var tokens = new string[ClusterLoadData.Devices];
            for (var d = 0; d < tokens.Length; d++)
                tokens[d] = (await anonymous[d % entries.Count].Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench" })).AccessToken;

            // Warm-up (untimed): one case match and a few batches and scans through every entry, so that each silo has
            // compiled its paths and opened its connections before the clock starts.
            for (var e = 0; e < entries.Count; e++)
                await FailoverProbe.MatchAsync(entries[e], data.Now, TimeSpan.FromSeconds(60));

            var pushbacks = 0;
            EngineRun.Log($"{name}: {data.Observations:N0} observations from {tokens.Length} devices through {entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}");
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, tokens.Length), new ParallelOptions { MaxDegreeOfParallelism = Streams }, async (d, cancellationToken) =>
            {
                using var client = anonymous[d % entries.Count].WithAccessToken(tokens[d]);
                while (true)
                {
                    try
                    {
                        var answer = await EncodedCalls.UploadContactsAsync(client, data.BatchesByDevice[d], cancellationToken);
                        if (answer.Rejected > 0)
                            throw new InvalidOperationException($"{answer.Rejected} observations rejected: {string.Join("; ", answer.RejectionReasons)}");
                        return;
                    }
                    catch (RpcException busy) when (busy.StatusCode == StatusCode.ResourceExhausted)
                    {
                        // Behind: the same call again (same batch ids: nothing stored twice) after the server's pushback.
                        Interlocked.Increment(ref pushbacks);
                        await Task.Delay(TimeSpan.FromMilliseconds(int.TryParse(busy.Trailers.GetValue("grpc-retry-pushback-ms"), out var ms) ? ms : 1000), cancellationToken);
                    }
                }
            });
            var observationsPerSecond = data.Observations / clock.Elapsed.TotalSeconds;
            EngineRun.Log($"{name}: ingest {observationsPerSecond:N0} observations/s ({pushbacks} calls pushed back and sent again)");

            var scansPerSecond = await ScanAsync(anonymous, scans);
            EngineRun.Log($"{name}: {scansPerSecond:N0} scans/s");

            var (report, upload, exposures) = await CasesAsync(anonymous);
            EngineRun.Log($"{name}: ReportCase p50 {EngineRun.Percentile(report, 0.5):F2} ms p99 {EngineRun.Percentile(report, 0.99):F2} ms; UploadDiagnosisKeys p50 {EngineRun.Percentile(upload, 0.5):F2} ms p99 {EngineRun.Percentile(upload, 0.99):F2} ms; {exposures:N0} exposures");
            return new DeploymentFigures(name, entries.Count, observationsPerSecond, scansPerSecond, report, upload, exposures, pushbacks);
        }
        finally
        {
            anonymous.ForEach(a => a.Dispose());
        }
    }

    private async Task<double> ScanAsync(List<TracingClient> anonymous, int scans)
    {
        var manager = await anonymous[0].SignInWithOtpAsync("0913555000", new SmsOutbox(Path.Combine(dataDir, "outbox", "sms.jsonl")));
        using var managing = anonymous[0].WithAccessToken(manager.AccessToken);
        var venues = new List<string>();
        for (var v = 0; v < Venues; v++)
        {
            venues.Add((await managing.Venues.RegisterVenueAsync(new RegisterVenueRequest
            {
                Name = $"Cổng {v + 1} chợ đầu mối",
                ProvinceCode = "79",
                DistrictCode = "760",
                WardCode = "26734",
                StreetAddress = $"{v + 1} Nguyễn Huệ",
                RegistrantName = "Trần Thị B",
            })).Venue.QrPayload);
        }
        var scanners = new List<(TracingClient Client, List<byte[]> Requests)>();
        for (var s = 0; s < Scanners; s++)
        {
            var device = await anonymous[s % entries.Count].Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench-scanner" });
            scanners.Add((anonymous[s % entries.Count].WithAccessToken(device.AccessToken), data.Scans(s, venues[s % Venues], scans / Scanners)));
        }
        var clock = Stopwatch.StartNew();
        var answered = await Task.WhenAll(scanners.Select(s => Task.Run(() => EncodedCalls.StreamScansAsync(s.Client, s.Requests, CancellationToken.None))));
        var perSecond = answered.Sum() / clock.Elapsed.TotalSeconds;
        scanners.ForEach(s => s.Client.Dispose());
        if (answered.Sum() != scanners.Sum(s => s.Requests.Count))
            throw new InvalidOperationException($"{scanners.Sum(s => s.Requests.Count)} scans sent, {answered.Sum()} answered");
        return perSecond;
    }

    /// <summary>Each case phone through entry c mod n: registered, reported (timed), its keys uploaded (timed: derive, match on every partition, case file, notifications).</summary>
    private async Task<(List<double> Report, List<double> Upload, int Exposures)> CasesAsync(List<TracingClient> anonymous)
    {
        List<double> report = [], upload = [];
        var exposures = 0;
        for (var c = 0; c < data.CasePhones.Length; c++)
        {
            var entry = anonymous[c % entries.Count];
            using var health = entry.WithApiKey(ChildServer.HealthKey);
            var device = await entry.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench-case" });
            var clock = Stopwatch.StartNew();
            var reported = await health.Cases.ReportCaseAsync(new ReportCaseRequest
            {
                UserId = device.UserId,
                TestDate = Timestamp.FromDateTimeOffset(data.Now),
                SymptomOnsetDate = Timestamp.FromDateTimeOffset(data.HeardFrom.AddDays(1)),
            });
            report.Add(clock.Elapsed.TotalMilliseconds);
            using var phone = entry.WithAccessToken(device.AccessToken);
            var request = new UploadDiagnosisKeysRequest { VerificationCode = reported.VerificationCode, Keys = { data.CasePhones[c].GetDiagnosisKeys(data.HeardFrom, data.Now) } };
            clock.Restart();
            var uploaded = await phone.Cases.UploadDiagnosisKeysAsync(request);
            upload.Add(clock.Elapsed.TotalMilliseconds);
            exposures += uploaded.ExposuresFound;
        }
        return (report, upload, exposures);
    }
}
