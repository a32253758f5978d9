using System.Diagnostics;

namespace Tracing.Crash;

/// <summary>
/// `kill -9` during sustained ingestion, round after round: the server runs as a child process; phones upload contact
/// batches and door scanners stream scans; at a moment drawn from the seed the process is killed (SIGKILL), started
/// again on the same folder, and audited against everything acknowledged since the run began; then the load goes
/// on (unacknowledged writes are sent again, as phones do) until the next kill.
/// </summary>
internal static class CrashRun
{
    public static async Task<CrashRunResult> RunAsync(CrashRunOptions options)
    {
        var random = new Random(options.Seed);
        var results = new List<RoundResult>();
        var scanners = new List<ScannerLog>();
        var server = await StartAsync(options);
        var firstStart = server.StartToServing;
        try
        {
            var cast = await CrashCast.CreateAsync(server.GrpcAddress, options.DataDir, options.Observers, options.Seed, options.FillerPerBatch);
            options.Log($"crash run: seed {options.Seed}, {options.Rounds} rounds, {options.Observers} observers ({options.FillerPerBatch} filler observations a batch), {options.ScannersPerRound} new scanners a round; first start served in {server.StartToServing.TotalSeconds:F2} s");
            for (var round = 1; round <= options.Rounds; round++)
            {
                var killAfterBatches = random.Next(options.KillAfterBatches.Min, options.KillAfterBatches.Max + 1);
                var killAfterTime = options.KillAfterTime.Min + ((options.KillAfterTime.Max - options.KillAfterTime.Min) * random.NextDouble());
                for (var s = 0; s < options.ScannersPerRound; s++)
                    scanners.Add(await cast.NewScannerAsync(server.GrpcAddress, scanners.Count + 1, options.ScansPerScanner));

                var load = IngestionLoad.Start(server.GrpcAddress, cast, scanners);
                var clock = Stopwatch.StartNew();
                // Manual entries and declarations too: every round's audit has some of each to check.
                while (load.AcknowledgedBatches < killAfterBatches || clock.Elapsed < killAfterTime || load.AcknowledgedScans < options.KillAfterScans
                    || load.AcknowledgedManualEntries < options.KillAfterScans || load.AcknowledgedDeclarations < 1)
                {
                    if (clock.Elapsed > options.RoundTimeout || load.Completion.IsCompleted)
                    {
                        load.ServerKilled();
                        server.KillHard();
                        await load.StopAsync();
                        throw new InvalidOperationException($"Round {round} did not reach its kill point ({killAfterBatches} batches, {options.KillAfterScans} scans, {killAfterTime.TotalSeconds:F2} s) in {clock.Elapsed.TotalSeconds:F0} s: {load.AcknowledgedBatches} batches, {load.AcknowledgedScans} scans, {load.AcknowledgedManualEntries} manual entries and {load.AcknowledgedDeclarations} declarations acknowledged; failures: {string.Join("; ", load.Failures.Take(5))}");
                    }
                    await Task.Delay(1);
                }
                load.ServerKilled();
                server.KillHard();
                var ingestedFor = clock.Elapsed;
                await load.StopAsync();
                await server.DisposeAsync();

                server = await StartAsync(options);
                var audit = await RecoveryAudit.RunAsync(server, cast, scanners);
                var result = new RoundResult(round, killAfterBatches, killAfterTime, ingestedFor, load.AcknowledgedBatches, load.AcknowledgedScans, load.Pushbacks, [.. load.Failures], server.StartToHostStarted, server.StartToServing, server.Recovery, audit);
                options.Log(result.ToString());
                foreach (var problem in audit.Problems.Concat(result.Failures.Take(5)))
                    options.Log("  " + problem);
                results.Add(result);
            }
            return new CrashRunResult(firstStart, results);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static Task<ChildServer> StartAsync(CrashRunOptions options) => ChildServer.StartAsync(options.DataDir, options.ServerSettings, options.ServerDll);
}
