using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tracing.Bench.Engine;
using Tracing.Clients;
using Tracing.Matching.Crypto;
using Tracing.Server;
using Tracing.V1;

namespace Tracing.Bench.E2e;

/// <summary>
/// <c>bench -- e2e [--quick]</c>: the server over loopback gRPC against PostgreSQL 15 on the same data, in one run.
/// Bluetooth observations go in through <c>UploadContacts</c> (8 streams at once) and, for the baseline, through binary
/// COPY (8 connections); then each case's 14 keys are matched: <c>UploadDiagnosisKeys</c> (proximity F1, F2, the case
/// file, notifications) against one SQL query. Prints a table and writes <c>bench/results/e2e.json</c>.
/// Not yet measured here: scans/s through StreamScans and notifications/s through WatchNotifications.
/// </summary>
internal static class E2eRun
{
    private const int Streams = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var observations = quick ? 1_000_000L : 10_000_000L;
        var cases = quick ? 20 : 100;
        var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("bench", "results", "e2e.json");
        var data = new SyntheticData(observations, visits: 0, cases, seed: 21, plantWithinObservations: observations);
        EngineRun.Log($"e2e run: {observations:N0} observations in {data.Batches:N0} batches from {data.Devices:N0} devices, {cases} cases; {Streams} streams / connections at once");

        var batches = Enumerable.Range(0, data.Batches).Select(b => (Observer: data.ObserverOf(b), Batch: data.Batch(b))).ToList();
        var result = new Dictionary<string, object?> { ["observations"] = observations, ["cases"] = cases, ["quick"] = quick };

        await using (var server = await LoopbackServer.StartAsync())
        {
            using var anonymous = TracingClient.Anonymous(server.GrpcAddress);
            var tokens = new Dictionary<uint, string>();
            foreach (var observer in batches.Select(b => b.Observer).Distinct())
                tokens[observer] = (await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench" })).AccessToken;

            var ingest = Stopwatch.StartNew();
            await Parallel.ForEachAsync(batches.GroupBy(b => b.Observer), new ParallelOptions { MaxDegreeOfParallelism = Streams }, async (device, cancellationToken) =>
            {
                using var client = TracingClient.ForCitizen(server.GrpcAddress, tokens[device.Key]);
                var uploaded = await client.UploadContactsAsync(device.Select((b, i) => ToProto($"b{device.Key}-{i}", b.Batch)), cancellationToken);
                if (uploaded.Rejected > 0)
                    throw new InvalidOperationException($"the server rejected {uploaded.Rejected} observations: {string.Join("; ", uploaded.RejectionReasons)}");
            });
            ingest.Stop();
            result["observations_per_second"] = observations / ingest.Elapsed.TotalSeconds;
            EngineRun.Log($"server ingest (UploadContacts, acknowledged = durable): {observations / ingest.Elapsed.TotalSeconds:N0} obs/s");

            using var health = TracingClient.ForApiKey(server.GrpcAddress, LoopbackServer.HealthKey);
            var latencies = new List<double>();
            var found = 0;
            // Case -1 warms up (JIT, and the first match waits until the applier has applied the whole upload).
            for (var c = -1; c < cases; c++)
            {
                var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "bench-case" });
                var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
                {
                    UserId = device.UserId,
                    SymptomOnsetDate = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(data.Start).AddDays(2)),
                });
                using var phone = TracingClient.ForCitizen(server.GrpcAddress, device.AccessToken);
                var upload = new UploadDiagnosisKeysRequest { VerificationCode = report.VerificationCode };
                foreach (var key in data.KeysOf(Math.Max(c, 0)))
                    upload.Keys.Add(new V1.DiagnosisKey { KeyData = ByteString.CopyFrom(key.KeyData), RollingStartIntervalNumber = (int)key.RollingStartInterval, RollingPeriod = key.RollingPeriod });
                var clock = Stopwatch.StartNew();
                var uploaded = await phone.Cases.UploadDiagnosisKeysAsync(upload);
                if (c < 0)
                    continue;
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                found += uploaded.ExposuresFound;
            }
            result["exposures_found"] = found;
            result["match_p50_ms"] = EngineRun.Percentile(latencies, 0.50);
            result["match_p99_ms"] = EngineRun.Percentile(latencies, 0.99);
            EngineRun.Log($"server match (UploadDiagnosisKeys: 14 keys, proximity F1 + F2, case file, notifications): p50 {EngineRun.Percentile(latencies, 0.5):F2} ms, p99 {EngineRun.Percentile(latencies, 0.99):F2} ms, {found:N0} exposures");
        }

        await using (var postgres = await PostgresBaseline.StartAsync())
        {
            var copy = Stopwatch.StartNew();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Streams }, async (b, _) => await postgres.CopyAsync(b.Observer, b.Batch));
            copy.Stop();
            result["postgres_observations_per_second"] = observations / copy.Elapsed.TotalSeconds;
            EngineRun.Log($"PostgreSQL ingest (binary COPY into the indexed table, committed): {observations / copy.Elapsed.TotalSeconds:N0} obs/s");

            var latencies = new List<double>();
            var found = 0;
            var from = data.Start;
            var until = SyntheticData.Now.ToUnixTimeSeconds();
            for (var c = 0; c < cases; c++)
            {
                var rpis = new List<byte[]>();
                var intervals = new List<int>();
                var clock = Stopwatch.StartNew();
                foreach (var key in data.KeysOf(c))
                {
                    var derived = new byte[key.RollingPeriod * ExposureKeyCrypto.IdentifierLength];
                    ExposureKeyCrypto.DeriveIdentifiers(key.KeyData, key.RollingStartInterval, key.RollingPeriod, derived);
                    for (var i = 0; i < key.RollingPeriod; i++)
                    {
                        rpis.Add(derived.AsSpan(i * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength).ToArray());
                        intervals.Add((int)key.RollingStartInterval + i);
                    }
                }
                found += await postgres.MatchAsync([.. rpis], [.. intervals], from, until);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
            result["postgres_contacts_found"] = found;
            result["postgres_match_p50_ms"] = EngineRun.Percentile(latencies, 0.50);
            result["postgres_match_p99_ms"] = EngineRun.Percentile(latencies, 0.99);
            EngineRun.Log($"PostgreSQL match (derive + one SQL query): p50 {EngineRun.Percentile(latencies, 0.5):F2} ms, p99 {EngineRun.Percentile(latencies, 0.99):F2} ms, {found:N0} observer-days");
        }

        // Both sides must find the same contacts (one exposure per observer and day here: no visits, no F2).
        if (!Equals(result["exposures_found"], result["postgres_contacts_found"]))
        {
            Console.Error.WriteLine($"FAILED: the server found {result["exposures_found"]} exposures, PostgreSQL {result["postgres_contacts_found"]} contacts.");
            return 1;
        }
        result["ratio_ingest"] = (double)result["observations_per_second"]! / (double)result["postgres_observations_per_second"]!;
        result["ratio_match_p50"] = (double)result["postgres_match_p50_ms"]! / (double)result["match_p50_ms"]!;
        result["scans_per_second"] = null;
        result["notifications_per_second"] = null;
        Console.WriteLine();
        Console.WriteLine($"{"",-34}{"server",14}{"PostgreSQL",14}{"ratio",9}");
        Console.WriteLine($"{"ingest (observations/s)",-34}{result["observations_per_second"],14:N0}{result["postgres_observations_per_second"],14:N0}{result["ratio_ingest"],8:F2}×");
        Console.WriteLine($"{"match p50 (ms)",-34}{result["match_p50_ms"],14:F2}{result["postgres_match_p50_ms"],14:F2}{result["ratio_match_p50"],8:F2}×");
        Console.WriteLine($"{"match p99 (ms)",-34}{result["match_p99_ms"],14:F2}{result["postgres_match_p99_ms"],14:F2}");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        EngineRun.Log($"wrote {output}");
        return 0;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ContactBatch ToProto(string id, List<Matching.Ledger.ReportedObservation> batch)
    {
        var proto = new ContactBatch { BatchId = id };
        foreach (var o in batch)
        {
            proto.Observations.Add(new ContactObservation
            {
                Rpi = ByteString.CopyFrom(o.Rpi),
                Aem = ByteString.CopyFrom(o.Aem),
                SeenAt = Timestamp.FromDateTimeOffset(o.SeenAt),
                DurationSeconds = o.DurationSeconds,
                Rssi = o.Rssi,
                TxPower = o.TxPower,
            });
        }
        return proto;
    }
}
