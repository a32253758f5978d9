using System.Globalization;
using System.Text.Json;
using Tracing.Bench.Engine;
using Tracing.Crash;

namespace Tracing.Bench.Crash;

/// <summary>
/// The crash run (SPEC §4: "restart after kill -9 with 50 M observations: serving again in ≤ 10 s, no acknowledged
/// write lost"), with the test suite's harness (<c>tests/Shared/Crash</c>) at a larger size. Two parts: many
/// kill -9 rounds during heavy ingestion, each restart audited against every acknowledged write; then a store filled
/// with many observations, killed during sustained ingestion at moments spread over the checkpoint period, with the
/// restart timed from the process start until SERVING and until an acknowledged write is read back. Prints a
/// table and writes <c>bench/results/crash.json</c>; the exit code is 1 when a write was lost or doubled.
/// </summary>
internal static class CrashBench
{
    private const double TargetSeconds = 10;
    private const int RestartFiller = 250;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var observations = RunOptions.Value(args, "--observations") is { } count ? ParseCount(count) : quick ? 2_000_000 : 50_000_000;
        var seed = RunOptions.Value(args, "--seed") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var output = RunOptions.Value(args, "--out") ?? Path.Combine("bench", "results", "crash.json");
        var root = RunOptions.Value(args, "--data") ?? Path.Combine(Path.GetTempPath(), "tracing-bench", "crash");
        var only = RunOptions.Value(args, "--only");
        // More server settings, for experiments: --server-setting --Tracing:Observations:CheckpointAfterMegabytes=64
        var serverSettings = ServerSettingArguments.Of(args);
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
        EngineRun.Log($"crash run{(quick ? " (quick)" : "")}: seed {seed} (--seed {seed} repeats the kill moments), restart part on {observations:N0} stored observations, data under {root}");
        var result = new Dictionary<string, object?> { ["quick"] = quick, ["seed"] = seed, ["server_settings"] = serverSettings };
        var runs = new List<CrashRunResult>();

        if (only is null or "rounds")
        {
            // Part 1: many rounds, each restart audited against everything acknowledged since the start.
            var filler = quick ? 100 : 250;
            var rounds = await CrashRun.RunAsync(new CrashRunOptions
            {
                DataDir = Path.Combine(root, "rounds"),
                Seed = seed,
                Rounds = quick ? 4 : 8,
                Observers = quick ? 100 : 300,
                FillerPerBatch = filler,
                ScannersPerRound = 2,
                ScansPerScanner = 20_000,
                KillAfterBatches = (1, 1),
                KillAfterTime = quick ? (TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3)) : (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)),
                ServerSettings = serverSettings,
                Log = EngineRun.Log,
            });
            runs.Add(rounds);
            result["rounds"] = Describe(rounds, observationsPerBatch: 2 + filler);
            PrintRounds(rounds);
        }

        if (only is null or "restart")
        {
            // Part 2: a large store, killed during sustained ingestion at moments spread over a checkpoint period (30 s).
            var restartDir = Path.Combine(root, "restart");
            var (fillSeconds, fillBytes) = await StoreFill.FillAsync(restartDir, observations, seed);
            var restart = await CrashRun.RunAsync(new CrashRunOptions
            {
                DataDir = restartDir,
                Seed = seed + 1,
                Rounds = quick ? 2 : 3,
                Observers = 150,
                FillerPerBatch = RestartFiller,
                ScannersPerRound = 1,
                ScansPerScanner = 20_000,
                KillAfterBatches = (1, 1),
                KillAfterTime = quick ? (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8)) : (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30)),
                RoundTimeout = TimeSpan.FromMinutes(2),
                ServerSettings = [.. StoreFill.ServerSettings(observations), .. serverSettings],
                Log = EngineRun.Log,
            });
            runs.Add(restart);
            var worst = restart.Rounds.Max(r => r.Audit.StartToFirstRead.TotalSeconds);
            result["restart"] = new Dictionary<string, object?>
            {
                ["stored_observations_before"] = observations,
                ["fill_seconds"] = fillSeconds,
                ["fill_disk_bytes"] = fillBytes,
                ["target_seconds"] = TargetSeconds,
                ["serving_max_seconds"] = restart.Rounds.Max(r => r.StartToServing.TotalSeconds),
                ["first_read_max_seconds"] = worst,
                ["meets_target"] = worst <= TargetSeconds,
                ["run"] = Describe(restart, observationsPerBatch: 2 + RestartFiller, storedBefore: observations),
            };
            PrintRestart(restart, observations);
        }

        result["command_line"] = "dotnet run -c Release --project bench -- crash " + string.Join(' ', args);
        result["machine"] = EngineRun.Machine();
        result["measured_at"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        EngineRun.Log($"wrote {output}");
        if (!args.Contains("--keep-data"))
            Directory.Delete(root, recursive: true);

        var failed = runs.SelectMany(r => r.Rounds).Where(r => !r.Audit.Intact || r.Failures.Count > 0).ToList();
        if (failed.Count > 0)
        {
            Console.Error.WriteLine($"FAILED: {failed.Count} rounds lost, doubled or refused writes: {string.Join(" | ", failed)}");
            return 1;
        }
        return 0;
    }

    /// <param name="storedBefore">Observations in the store before the run (the fill).</param>
    private static Dictionary<string, object?> Describe(CrashRunResult run, int observationsPerBatch, long storedBefore = 0) => new()
    {
        ["rounds"] = run.Rounds.Count,
        ["first_start_serving_seconds"] = run.FirstStartToServing.TotalSeconds,
        ["acknowledged_batches"] = run.Rounds.Sum(r => r.AcknowledgedBatches),
        ["acknowledged_observations"] = (long)run.Rounds.Sum(r => r.AcknowledgedBatches) * observationsPerBatch,
        ["acknowledged_scans"] = run.Rounds.Sum(r => r.AcknowledgedScans),
        ["checked_batches"] = run.Final.BatchesChecked,
        ["checked_scans"] = run.Final.ScansChecked,
        ["checked_visits"] = run.Final.VisitsChecked,
        ["lost_acknowledged_writes"] = run.Rounds.Max(r => r.Audit.Lost),
        ["duplicated_writes"] = run.Rounds.Max(r => r.Audit.Duplicated),
        ["torn_batches"] = run.Rounds.Max(r => r.Audit.TornBatches),
        ["unknown_scans"] = run.Rounds.Max(r => r.Audit.UnknownScans),
        ["pushbacks"] = run.Rounds.Sum(r => r.Pushbacks),
        ["failures"] = run.Rounds.Sum(r => r.Failures.Count),
        ["per_round"] = run.Rounds.Select(r => new Dictionary<string, object?>
        {
            ["stored_observations_at_kill"] = StoredAtKill(run, r, observationsPerBatch, storedBefore),
            ["ingested_seconds"] = r.IngestedFor.TotalSeconds,
            ["acknowledged_batches"] = r.AcknowledgedBatches,
            ["acknowledged_scans"] = r.AcknowledgedScans,
            ["pushbacks"] = r.Pushbacks,
            ["restart_host_started_seconds"] = r.StartToHostStarted.TotalSeconds,
            ["restart_serving_seconds"] = r.StartToServing.TotalSeconds,
            ["restart_first_read_seconds"] = r.Audit.StartToFirstRead.TotalSeconds,
            ["restart_case_match_seconds"] = r.Audit.StartToCaseMatch.TotalSeconds,
            ["restart_stores_opened_in"] = r.Recovery,
            ["lost"] = r.Audit.Lost,
            ["duplicated"] = r.Audit.Duplicated,
        }).ToList(),
    };

    private static void PrintRounds(CrashRunResult rounds)
    {
        Console.WriteLine();
        Console.WriteLine($"kill -9 rounds: {rounds.Rounds.Count}, {rounds.Rounds.Sum(r => r.AcknowledgedBatches):N0} batches and {rounds.Rounds.Sum(r => r.AcknowledgedScans):N0} scans acknowledged; "
            + $"lost {rounds.Rounds.Max(r => r.Audit.Lost)}, doubled {rounds.Rounds.Max(r => r.Audit.Duplicated)}; restarts served in {rounds.Rounds.Min(r => r.StartToServing.TotalSeconds):F2}–{rounds.Rounds.Max(r => r.StartToServing.TotalSeconds):F2} s");
        Console.WriteLine();
    }

    private static void PrintRestart(CrashRunResult restart, long observations)
    {
        Console.WriteLine();
        Console.WriteLine($"restart after kill -9 with {observations:N0} observations stored before (clean start: {restart.FirstStartToServing.TotalSeconds:F2} s):");
        Console.WriteLine($"{"kill",5} {"stored",12} {"ingesting for",14} {"batches",8} {"SERVING",8} {"first read",11} {"case match",11} {"lost",5} {"doubled",8}");
        foreach (var r in restart.Rounds)
            Console.WriteLine($"{r.Round,5} {StoredAtKill(restart, r, 2 + RestartFiller, observations),12:N0} {r.IngestedFor.TotalSeconds,12:F1} s {r.AcknowledgedBatches,8:N0} {r.StartToServing.TotalSeconds,6:F2} s {r.Audit.StartToFirstRead.TotalSeconds,9:F2} s {r.Audit.StartToCaseMatch.TotalSeconds,9:F2} s {r.Audit.Lost,5} {r.Audit.Duplicated,8}");
        foreach (var r in restart.Rounds)
            Console.WriteLine($"  kill {r.Round}: host started after {r.StartToHostStarted.TotalSeconds:F2} s, its stores opened in {r.Recovery}");
        var worst = restart.Rounds.Max(r => r.Audit.StartToFirstRead.TotalSeconds);
        Console.WriteLine($"target (SPEC §4): serving again in ≤ {TargetSeconds} s — worst first read {worst:F2} s: {(worst <= TargetSeconds ? "met" : "NOT met")}");
        Console.WriteLine();
    }

    /// <summary>Observations the store held when round <paramref name="round"/> was killed (at least: the acknowledged ones).</summary>
    private static long StoredAtKill(CrashRunResult run, RoundResult round, int observationsPerBatch, long storedBefore)
        => storedBefore + ((long)run.Rounds.TakeWhile(r => r.Round <= round.Round).Sum(r => r.AcknowledgedBatches) * observationsPerBatch);


    /// <summary>Accepts 50000000, 50_000_000, 50M or 500k.</summary>
    private static long ParseCount(string text)
    {
        text = text.Replace("_", "", StringComparison.Ordinal);
        var multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1_000L, 'M' => 1_000_000L, _ => 1L };
        return checked(long.Parse(multiplier == 1 ? text : text[..^1], CultureInfo.InvariantCulture) * multiplier);
    }
}
