using System.Diagnostics;
using Grpc.Core;
using Tracing.Clients;
using Tracing.ClusterHarness;
using Tracing.Crash;
using Tracing.Shared.Backup;
using Tracing.V1;
using Xunit.Abstractions;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// An online backup of a cluster: two silos on one shared storage root of six partitions, phones uploading and door
/// scanners streaming through both, checkpoints every half second. The backup is asked of the silo that does not own
/// the control store (it forwards the call); every silo holds its upkeep while the owner copies. Restored into a new
/// folder and opened by one server on its own, it holds every batch and scan acknowledged before the backup began —
/// none doubled — and the signing key, so the phones' tokens still work there.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterBackupTests(ITestOutputHelper output)
{
    private const int Silos = 2;
    private const int Partitions = 6;
    private const int Observers = 12;
    private const int Slots = 24;
    private const int Filler = 10;
    private const int Scanners = 4;
    private const int ScansPerScanner = 150;
    private const int Seed = 2022;

    /// <summary>Generous: checkpoints run every 0.3–0.5 s here, but a busy machine delays them.</summary>
    private static readonly TimeSpan s_upkeepBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_backup_of_a_cluster_under_load_restores_every_write_acknowledged_before_it_began()
    {
        await using var cluster = await SiloCluster.StartAsync(Silos, Partitions, ["--Tracing:Observations:CheckpointIntervalSeconds=0.5"]);
        var backup = Path.Combine(cluster.Root, "backup");
        var restored = Path.Combine(cluster.Root, "restored");
        try
        {
            var addresses = cluster.Silos.Select(s => s.GrpcAddress).ToList();
            var cast = await CrashCast.CreateAsync(addresses[0], cluster.DataDir, Observers, Seed, Filler);
            var scanners = new List<ScannerLog>();
            for (var i = 0; i < Scanners; i++)
                scanners.Add(await cast.NewScannerAsync(addresses[i % Silos], i + 1, ScansPerScanner));
            var load = ClusterLoad.Start(addresses, cast, scanners, Slots);
            await SiloCluster.UntilAsync(() => load.AcknowledgedBatches >= Observers * Slots / 4 || load.Completion.IsCompleted, TimeSpan.FromSeconds(60), "a quarter of the batches acknowledged");
            Assert.False(load.Completion.IsCompleted, "the load ended before the backup");

            var batchesBefore = cast.Observers.Select(o => o.Acknowledged).ToArray();
            var scansBefore = scanners.Select(s => s.Acknowledged).ToArray();
            var through = cluster.Silos.First(s => !s.OwnsControl);
            var took = Stopwatch.StartNew();
            BackupManifest manifest;
            using (var operators = TracingClient.ForApiKey(through.GrpcAddress, ChildServer.OperatorKey))
                manifest = await BackupDownload.ToFolderAsync(operators, backup);
            output.WriteLine($"backup through {through.Name}: {manifest.Files.Count} files, {manifest.Files.Sum(f => f.Length) / 1e6:F1} MB in {took.Elapsed.TotalSeconds:F2} s, with {batchesBefore.Sum()} batches and {scansBefore.Sum()} scans acknowledged before it");
            // Upkeep resumes once the copy is done, on every silo.
            Assert.NotNull(await FirstCheckpointAsync(cluster, s_upkeepBound));
            // The writers were never held: the load goes on to its end.
            await load.StopAsync(TimeSpan.FromSeconds(120));
            Assert.Empty(load.GivenUp);
            Assert.All(cast.Observers, o => Assert.Equal(Slots, o.Acknowledged));

            Assert.Empty(BackupFolder.Verify(backup).Problems);
            Assert.All(Enumerable.Range(0, Partitions), p => Assert.Contains(manifest.Files, f => f.Path.StartsWith($"store/partitions/{p}/", StringComparison.Ordinal)));
            Assert.Contains(manifest.Files, f => f.Path == "keys/server.key");
            Assert.DoesNotContain(manifest.Files, f => f.Path.EndsWith("lease", StringComparison.Ordinal));

            BackupFolder.Restore(backup, restored);
            await using var server = await SiloProcess.StartAsync(new SiloOptions { Name = "restored", DataDir = restored, LogDirectory = cluster.LogDirectory });
            foreach (var (observer, slots) in cast.Observers.Zip(batchesBefore))
                observer.RewindAcknowledged(slots);
            foreach (var (scanner, scans) in scanners.Zip(scansBefore))
                scanner.RewindAcknowledged(scans);
            var audit = await RecoveryAudit.RunAsync(server.GrpcAddress, () => took.Elapsed, cast, scanners);
            output.WriteLine(audit.ToString());
            Assert.True(audit.Intact, string.Join(Environment.NewLine, audit.Problems));
            Assert.Equal(batchesBefore.Sum(), audit.BatchesChecked);
            Assert.Equal(scansBefore.Sum(), audit.ScansChecked);
        }
        catch
        {
            cluster.KeepForInspection(output.WriteLine);
            throw;
        }
    }

    [Fact]
    public async Task No_silo_checkpoints_while_the_backup_copies_and_a_partition_that_moves_meanwhile_fails_it()
    {
        await using var cluster = await SiloCluster.StartAsync(Silos, Partitions, ["--Tracing:Observations:CheckpointIntervalSeconds=0.3"]);
        try
        {
            var owner = cluster.ControlOwner() ?? throw new InvalidOperationException("no silo owns the control store");
            var leaving = cluster.Silos.First(s => s != owner);
            var cast = await CrashCast.CreateAsync(owner.GrpcAddress, cluster.DataDir, Observers, Seed, Filler);
            // Long enough to outlast the test on a slow machine: ended once the test has seen what it needs.
            var load = ClusterLoad.Start([owner.GrpcAddress], cast, [], Slots * 40);
            await SiloCluster.UntilAsync(() => load.AcknowledgedBatches >= Observers, TimeSpan.FromSeconds(60), "a batch per observer acknowledged");
            // Unheld, the silos checkpoint the partitions every 0.3 s (later on a busy machine).
            var unheld = await FirstCheckpointAsync(cluster, s_upkeepBound);
            Assert.True(unheld is not null, $"no checkpoint in {s_upkeepBound.TotalSeconds:0} s even unheld");

            using var operators = TracingClient.ForApiKey(owner.GrpcAddress, ChildServer.OperatorKey);
            using var call = operators.Admin.CreateBackup(new CreateBackupRequest());
            // The copy has begun (every silo holds), and stalls while nobody reads.
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var acknowledged = load.AcknowledgedBatches;
            // Held for three times as long as an unheld checkpoint took to come (2 to 10 s): none comes.
            var held = await CheckpointedWithinAsync(cluster, TimeSpan.FromTicks(Math.Clamp(3 * unheld.Value.Ticks, TimeSpan.FromSeconds(2).Ticks, TimeSpan.FromSeconds(10).Ticks)));
            Assert.True(held.Count == 0, "checkpointed while held: " + string.Join(", ", held.Select(h => h.Path)));
            // Writes went on meanwhile.
            Assert.True(load.AcknowledgedBatches > acknowledged, "no batch was acknowledged while the copy was held");
            // One backup at a time: a second would prolong the hold.
            var second = await Assert.ThrowsAsync<RpcException>(() => BackupDownload.ToFolderAsync(operators, Path.Combine(cluster.Root, "second")));
            Assert.Equal(StatusCode.FailedPrecondition, second.StatusCode);

            // A silo leaves: its partitions close (their holds end with them) and reopen on the owner.
            await leaving.TerminateAsync(TimeSpan.FromSeconds(60));
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            });
            output.WriteLine(refused.Status.Detail);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            Assert.Contains("take the backup again", refused.Status.Detail, StringComparison.Ordinal);
            // The failed backup held nothing after it: upkeep resumes on the silo left.
            Assert.NotNull(await FirstCheckpointAsync(cluster, s_upkeepBound));
            load.End();
            await load.StopAsync(TimeSpan.FromSeconds(120));
            Assert.Empty(load.GivenUp);
        }
        catch
        {
            cluster.KeepForInspection(output.WriteLine);
            throw;
        }
    }

    /// <summary>How long until a checkpoint writes a partition's files, polled; null when none did within <paramref name="bound"/>.</summary>
    private static async Task<TimeSpan?> FirstCheckpointAsync(SiloCluster cluster, TimeSpan bound)
    {
        var before = CheckpointFiles(cluster);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            await Task.Delay(100);
            if (!CheckpointFiles(cluster).IsSubsetOf(before))
                return clock.Elapsed;
        }
        return null;
    }

    /// <summary>
    /// The partitions' checkpoint files written within <paramref name="wait"/>: a checkpoint writes new ones and renames a
    /// new version of its pointer files into place; writers never do. (FASTER may still delete the files of a checkpoint
    /// taken before the hold: a backup's copy leaves those out as vanished.)
    /// </summary>
    private static async Task<List<(string Path, DateTime Written)>> CheckpointedWithinAsync(SiloCluster cluster, TimeSpan wait)
    {
        var before = CheckpointFiles(cluster);
        await Task.Delay(wait);
        return CheckpointFiles(cluster).Except(before).ToList();
    }

    private static HashSet<(string Path, DateTime Written)> CheckpointFiles(SiloCluster cluster)
        => Enumerable.Range(0, Partitions)
            .SelectMany(p => Directory.GetFiles(cluster.PartitionFolder(p), "*", SearchOption.AllDirectories))
            .Where(file => file.Contains($"{Path.DirectorySeparatorChar}checkpoints{Path.DirectorySeparatorChar}", StringComparison.Ordinal) || Path.GetFileName(file) is "replay-from" or "recover-from")
            .Select(file => (file, File.GetLastWriteTimeUtc(file)))
            .ToHashSet();
}
