using System.Globalization;
using System.Text.Json;
using Tracing.Bench.Engine;
using Tracing.ClusterHarness;

namespace Tracing.Bench.Cluster;

/// <summary>
/// <c>bench -- cluster --silos 3</c>: the same load (Bluetooth batches, door scans, cases) over loopback gRPC through
/// the embedded server (one process, no Orleans), a cluster of one silo and a cluster of N silos (the load spread over
/// every silo's gRPC port), each a separate set of processes on a fresh storage root of the same partition count;
/// then, on the N-silo cluster, a <c>kill -9</c> of the control store's owner during ingestion
/// (<see cref="ClusterFailover"/>). Prints a table and writes <c>bench/results/cluster.json</c>. On one machine the
/// silos share its cores: the N-silo figures show the cluster's overhead, not its scale. Exit code 1 when an
/// acknowledged write was lost or doubled, or the deployments found different contacts.
/// </summary>
internal static class ClusterBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var silos = RunOptions.Value(args, "--silos") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : 3;
        var partitions = RunOptions.Value(args, "--partitions") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : 12;
        var observations = RunOptions.Value(args, "--observations") is { } o ? long.Parse(o, CultureInfo.InvariantCulture) : quick ? 500_000 : 2_000_000;
        var scans = RunOptions.Value(args, "--scans") is { } sc ? int.Parse(sc, CultureInfo.InvariantCulture) : quick ? 8_000 : 24_000;
        var cases = RunOptions.Value(args, "--cases") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : quick ? 10 : 30;
        var output = RunOptions.Value(args, "--out") ?? Path.Combine("bench", "results", "cluster.json");
        var root = Path.Combine(Path.GetTempPath(), "tracing-bench-cluster", Guid.NewGuid().ToString("N")[..8]);
        // The door scans of one scanner device go far past the daily scan cap a person meets; more settings for experiments.
        List<string> settings = ["--Tracing:Rules:DailyScanCap=1000000", .. ServerSettingArguments.Of(args)];
        EngineRun.Log($"cluster run: {silos} silos, {partitions} partitions, {observations:N0} observations, {scans:N0} scans, {cases} cases; under {root}");
        var data = ClusterLoadData.Create(observations, cases, seed: 20);
        var loadAtStart = LoadAverage();
        var figures = new List<DeploymentFigures>();
        Dictionary<string, object?>? failover = null;
        var startSeconds = new Dictionary<string, double>();
        try
        {
            await using (var embedded = await SiloProcess.StartAsync(new SiloOptions { Name = "embedded", DataDir = Path.Combine(root, "embedded"), Partitions = partitions, Settings = settings, LogDirectory = Path.Combine(root, "logs") }))
            {
                startSeconds["embedded"] = embedded.StartToServing.TotalSeconds;
                figures.Add(await new DeploymentLoad("embedded", [embedded.GrpcAddress], embedded.Options.DataDir, data).RunAsync(scans));
            }
            await using (var one = await SiloCluster.StartAsync(1, partitions, settings, Path.Combine(root, "one")))
            {
                startSeconds["1 silo"] = one.Silos[0].StartToServing.TotalSeconds;
                figures.Add(await new DeploymentLoad("1 silo", [one.Silos[0].GrpcAddress], one.DataDir, data).RunAsync(scans));
            }
            await using (var many = await SiloCluster.StartAsync(silos, partitions, settings, Path.Combine(root, "many")))
            {
                startSeconds[$"{silos} silos"] = many.Silos.Max(x => x.StartToServing.TotalSeconds);
                figures.Add(await new DeploymentLoad($"{silos} silos", many.Silos.Select(x => x.GrpcAddress).ToList(), many.DataDir, data).RunAsync(scans));
                if (silos > 1 && !args.Contains("--no-failover"))
                {
                    try
                    {
                        failover = await ClusterFailover.RunAsync(many, observers: quick ? 24 : 48, slots: quick ? 30 : 60, filler: 50, scanners: 6, scansPerScanner: quick ? 300 : 600, seed: 2020);
                    }
                    catch
                    {
                        Console.Error.WriteLine(many.Logs());
                        throw;
                    }
                }
            }
        }
        finally
        {
            if (!args.Contains("--keep-data"))
                Directory.Delete(root, recursive: true);
        }

        var result = new Dictionary<string, object?>
        {
            ["silos"] = silos,
            ["partitions"] = partitions,
            ["observations"] = data.Observations,
            ["scans"] = scans,
            ["cases"] = cases,
            ["quick"] = quick,
            ["note"] = "One machine: the silos share its cores, so the multi-silo figures show the cluster's overhead (the grain hop, forwarding to the control store's owner, Orleans's own work), not its scale.",
            ["deployments"] = figures.Select(f => new Dictionary<string, object?>
            {
                ["deployment"] = f.Deployment,
                ["entries"] = f.Silos,
                ["start_to_serving_seconds"] = startSeconds[f.Deployment],
                ["observations_per_second"] = f.ObservationsPerSecond,
                ["scans_per_second"] = f.ScansPerSecond,
                ["report_case_p50_ms"] = EngineRun.Percentile(f.ReportCaseMilliseconds, 0.50),
                ["report_case_p99_ms"] = EngineRun.Percentile(f.ReportCaseMilliseconds, 0.99),
                ["upload_diagnosis_keys_p50_ms"] = EngineRun.Percentile(f.UploadKeysMilliseconds, 0.50),
                ["upload_diagnosis_keys_p99_ms"] = EngineRun.Percentile(f.UploadKeysMilliseconds, 0.99),
                ["exposures_found"] = f.ExposuresFound,
                ["pushbacks"] = f.Pushbacks,
            }).ToList(),
            ["failover"] = failover,
            ["command_line"] = "dotnet run -c Release --project bench -- cluster " + string.Join(' ', args),
            ["machine"] = EngineRun.Machine(),
            // The machine is shared: its load average (1, 5 and 15 minutes) at the start and the end says how much.
            ["load_average_at_start"] = loadAtStart,
            ["load_average_at_end"] = LoadAverage(),
            ["measured_at"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
        };
        Print(figures, failover);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        EngineRun.Log($"wrote {output}");

        var failed = false;
        if (figures.Select(f => f.ExposuresFound).Distinct().Count() > 1)
        {
            Console.Error.WriteLine($"FAILED: the deployments found different exposures: {string.Join(", ", figures.Select(f => $"{f.Deployment} {f.ExposuresFound}"))}");
            failed = true;
        }
        if (failover is not null && ((int)failover["acknowledged_writes_lost"]! > 0 || (int)failover["writes_doubled"]! > 0 || (int)failover["writes_given_up"]! > 0))
        {
            Console.Error.WriteLine($"FAILED: after the kill, {failover["acknowledged_writes_lost"]} acknowledged writes lost, {failover["writes_doubled"]} doubled, {failover["writes_given_up"]} given up");
            failed = true;
        }
        return failed ? 1 : 0;
    }

    private static void Print(List<DeploymentFigures> figures, Dictionary<string, object?>? failover)
    {
        Console.WriteLine();
        Console.WriteLine($"{"",-44}{string.Concat(figures.Select(f => $"{f.Deployment,14}"))}");
        void Row(string what, Func<DeploymentFigures, double> value, string format)
            => Console.WriteLine($"{what,-44}{string.Concat(figures.Select(f => string.Format(CultureInfo.InvariantCulture, $"{{0,14:{format}}}", value(f))))}");
        Row("ingest (observations/s, UploadContacts)", f => f.ObservationsPerSecond, "N0");
        Row("scans/s (StreamScans)", f => f.ScansPerSecond, "N0");
        Row("ReportCase p50 ms", f => EngineRun.Percentile(f.ReportCaseMilliseconds, 0.5), "F2");
        Row("ReportCase p99 ms", f => EngineRun.Percentile(f.ReportCaseMilliseconds, 0.99), "F2");
        Row("UploadDiagnosisKeys p50 ms", f => EngineRun.Percentile(f.UploadKeysMilliseconds, 0.5), "F2");
        Row("UploadDiagnosisKeys p99 ms", f => EngineRun.Percentile(f.UploadKeysMilliseconds, 0.99), "F2");
        Row("exposures found (must be equal)", f => f.ExposuresFound, "N0");
        if (failover is not null)
        {
            Console.WriteLine();
            Console.WriteLine($"kill -9 of {failover["killed"]} (owned the control store: {failover["killed_owned_control_store"]}): every partition served again after {failover["failover_seconds"]:F2} s; "
                + $"acknowledged writes lost {failover["acknowledged_writes_lost"]}, doubled {failover["writes_doubled"]}; "
                + $"{((List<int>)failover["partitions_reopened"]!).Count} partition openings on the survivors ({((IReadOnlyList<int>)failover["killed_held_partitions"]!).Count} were the dead silo's), {failover["bytes_per_partition_recovery_mean"]:N0} bytes each on average (max {failover["bytes_per_partition_recovery_max"]:N0})");
            Console.WriteLine($"  after the kill: the survivors began reopening partitions at {failover["first_partition_reopen_began_after_kill_seconds"]:F2} s, the dead silo's were all open at {failover["dead_silos_partitions_reopened_after_kill_seconds"]:F2} s, the last move done at {failover["last_partition_reopened_after_kill_seconds"]:F2} s, the control store at {failover["control_store_reopened_after_kill_seconds"]:F2} s");
        }
        Console.WriteLine("(one machine: the silos share its cores — the multi-silo column shows the cluster's overhead, not its scale)");
        Console.WriteLine();
    }

    /// <summary>The 1, 5 and 15-minute load averages (<c>/proc/loadavg</c>), or empty where there is none.</summary>
    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";
}
