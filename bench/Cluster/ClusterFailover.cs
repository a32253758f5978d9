using System.Diagnostics;
using Tracing.Bench.Engine;
using Tracing.ClusterHarness;
using Tracing.Crash;

namespace Tracing.Bench.Cluster;

/// <summary>
/// <c>kill -9</c> of the silo that owns the control store (the worst case: the control store and its partitions both
/// move) while phones and door scanners write through every silo, retrying unacknowledged writes with the same ids
/// on the survivors. Measures the time from the kill until a case match — which reads every partition and the control
/// store — succeeds through a survivor; audits every acknowledged write afterwards; and, from the survivors' logs,
/// which partitions were opened again and how many bytes their folders held at the kill (checkpoint and log: what the
/// recovery reads).
/// </summary>
internal static class ClusterFailover
{
    public static async Task<Dictionary<string, object?>> RunAsync(SiloCluster cluster, int observers, int slots, int filler, int scanners, int scansPerScanner, int seed)
    {
        var alive = cluster.Alive;
        var addresses = alive.Select(s => s.GrpcAddress).ToList();
        var cast = await CrashCast.CreateAsync(addresses[0], cluster.DataDir, observers, seed, filler);
        var scannerLogs = new List<ScannerLog>();
        for (var i = 0; i < scanners; i++)
            scannerLogs.Add(await cast.NewScannerAsync(addresses[i % addresses.Count], 1000 + i, scansPerScanner));
        var load = ClusterLoad.Start(addresses, cast, scannerLogs, slots, giveUpAfter: TimeSpan.FromMinutes(3));
        var wait = Stopwatch.StartNew();
        while (load.AcknowledgedBatches < observers * slots / 3 && !load.Completion.IsCompleted && wait.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(10);

        var victim = cluster.ControlOwner() ?? alive[^1];
        var survivors = alive.Where(s => s != victim).ToList();
        var openedBefore = survivors.ToDictionary(s => s, s => s.OpenedPartitions().Count);
        var victimPartitions = victim.HeldPartitions();
        var bytes = cluster.PartitionBytes();
        var acknowledgedAtKill = (load.AcknowledgedBatches, load.AcknowledgedScans);
        EngineRun.Log($"failover: kill -9 {victim.Name} (control store owner: {victim.OwnsControl}) with {acknowledgedAtKill.AcknowledgedBatches:N0} batches and {acknowledgedAtKill.AcknowledgedScans:N0} scans acknowledged so far");
        var ownedControl = victim.OwnsControl;
        var killedAt = DateTime.UtcNow;
        var sinceKill = Stopwatch.StartNew();
        victim.KillHard();
        load.Avoid(victim.GrpcAddress);
        var (failover, failedProbes) = await FailoverProbe.UntilEveryPartitionServesAsync(survivors.Select(s => s.GrpcAddress).ToList(), sinceKill, cast.Now, TimeSpan.FromMinutes(3));
        EngineRun.Log($"failover: every partition served again {failover.TotalSeconds:F2} s after the kill ({failedProbes.Count} probes failed first)");
        await load.StopAsync(TimeSpan.FromMinutes(4));
        var audit = await RecoveryAudit.RunAsync(survivors[0].GrpcAddress, () => sinceKill.Elapsed, cast, scannerLogs);
        EngineRun.Log($"failover audit: {audit}");
        foreach (var problem in audit.Problems.Concat(load.GivenUp.Take(5)))
            EngineRun.Log("  " + problem);

        var moved = survivors.SelectMany(s => s.OpenedPartitions().Skip(openedBefore[s])).ToList();
        var movedBytes = moved.Select(m => (double)bytes[m.Partition]).ToList();
        var newOwner = cluster.ControlOwner();
        // Where the failover's time went: until the survivors began to reopen the partitions (the cluster noticed the
        // death), and until the last partition and the control store were open again.
        var reopenStarted = moved.Select(m => (m.At - TimeSpan.FromMilliseconds(m.Milliseconds) - killedAt).TotalSeconds).DefaultIfEmpty().Min();
        var reopenDone = moved.Select(m => (m.At - killedAt).TotalSeconds).DefaultIfEmpty().Max();
        // The dead silo's own partitions: when the last of them was open again on a survivor.
        var firstReopens = victimPartitions.Select(p => moved.Where(m => m.Partition == p).Select(m => (double?)(m.At - killedAt).TotalSeconds).Min()).ToList();
        var deadSilosReopened = firstReopens.Any(at => at is null) ? null : firstReopens.Max();
        var controlTaken = survivors.SelectMany(s => s.TookControl()).Where(at => at > killedAt).Select(at => (at - killedAt).TotalSeconds).DefaultIfEmpty().Min();
        return new Dictionary<string, object?>
        {
            ["killed"] = victim.Name,
            ["killed_owned_control_store"] = ownedControl,
            ["killed_held_partitions"] = victimPartitions,
            ["control_store_owner_after"] = newOwner?.Name,
            ["failover_seconds"] = failover.TotalSeconds,
            ["first_partition_reopen_began_after_kill_seconds"] = reopenStarted,
            ["dead_silos_partitions_reopened_after_kill_seconds"] = deadSilosReopened,
            ["last_partition_reopened_after_kill_seconds"] = reopenDone,
            ["control_store_reopened_after_kill_seconds"] = controlTaken,
            ["probes_failed_before"] = failedProbes.Count,
            ["first_failed_probes"] = failedProbes.Take(3).ToList(),
            ["acknowledged_batches_at_kill"] = acknowledgedAtKill.AcknowledgedBatches,
            ["acknowledged_scans_at_kill"] = acknowledgedAtKill.AcknowledgedScans,
            ["acknowledged_batches"] = load.AcknowledgedBatches,
            ["acknowledged_scans"] = load.AcknowledgedScans,
            ["calls_failed_and_sent_again"] = load.FailedCalls.Count,
            ["writes_given_up"] = load.GivenUp.Count,
            ["acknowledged_writes_lost"] = audit.Lost,
            ["writes_doubled"] = audit.Duplicated,
            ["audit"] = audit.ToString(),
            // Every partition opening on a survivor after the kill: the dead silo's partitions, and those the placement
            // (partition p on active silo p mod n) moved between the survivors as the silo count changed.
            ["partitions_reopened"] = moved.Select(m => m.Partition).ToList(),
            ["partition_reopen_ms"] = moved.Select(m => m.Milliseconds).ToList(),
            ["partition_bytes_at_kill"] = bytes,
            ["bytes_per_partition_recovery_mean"] = movedBytes.Count == 0 ? null : movedBytes.Average(),
            ["bytes_per_partition_recovery_max"] = movedBytes.Count == 0 ? null : movedBytes.Max(),
            ["bytes_per_partition_all_partitions_mean"] = bytes.Average(),
        };
    }
}
