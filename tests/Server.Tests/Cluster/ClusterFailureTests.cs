using System.Diagnostics;
using Tracing.ClusterHarness;
using Tracing.Crash;
using Xunit.Abstractions;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// Three silos as three processes on loopback with a Redis membership table, one shared storage root of 12 partitions.
/// Phones upload contact batches and door scanners stream scans through all three silos at once. One silo is killed
/// with <c>kill -9</c> mid-ingest: its partitions must serve again on the survivors (within a generous bound; the bench
/// measures the figure), no acknowledged write may be lost or doubled, and a case must then find exactly the contacts
/// the embedded single-node server finds on the same writes. A graceful leave (SIGTERM, one step of a rolling restart)
/// must refuse no call made through the other silos.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ClusterFailureTests(ITestOutputHelper output)
{
    private const int Silos = 3;
    private const int Partitions = 12;
    private const int Observers = 24;
    private const int Slots = 24;
    private const int Filler = 10;
    private const int Scanners = 6;
    private const int ScansPerScanner = 150;
    private const int Seed = 2020;

    /// <summary>Generous: the bench (<c>bench -- cluster</c>) measures the failover; this only catches one that never ends.</summary>
    private static readonly TimeSpan s_failoverBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silo_killed_mid_ingest_loses_no_acknowledged_write_and_the_case_finds_what_one_node_finds()
    {
        await using var cluster = await SiloCluster.StartAsync(Silos, Partitions);
        try
        {
            var addresses = cluster.Silos.Select(s => s.GrpcAddress).ToList();
            var cast = await CrashCast.CreateAsync(addresses[0], cluster.DataDir, Observers, Seed, Filler);
            var scanners = new List<ScannerLog>();
            for (var i = 0; i < Scanners; i++)
                scanners.Add(await cast.NewScannerAsync(addresses[i % Silos], i + 1, ScansPerScanner));
            var gathering = await VenueGathering.CreateAsync(addresses, cast.ManagerToken, cast.HeardFrom.AddHours(20), visitors: 4);

            var load = ClusterLoad.Start(addresses, cast, scanners, Slots);
            await SiloCluster.UntilAsync(() => load.AcknowledgedBatches >= Observers * Slots / 3 || load.Completion.IsCompleted, TimeSpan.FromSeconds(60), "a third of the batches acknowledged");
            Assert.False(load.Completion.IsCompleted, "the load ended before the kill");
            // The owner of the control store: the worst case, its partitions and the control store both move.
            var victim = cluster.ControlOwner() ?? cluster.Silos[1];
            var victimOwned = victim.OwnsControl;
            var sinceKill = Stopwatch.StartNew();
            victim.KillHard();
            load.Avoid(victim.GrpcAddress);
            var acknowledgedAtKill = (load.AcknowledgedBatches, load.AcknowledgedScans);
            var survivors = addresses.Where(a => a != victim.GrpcAddress).ToList();
            var (failover, failedProbes) = await FailoverProbe.UntilEveryPartitionServesAsync(survivors, sinceKill, cast.Now, s_failoverBound + TimeSpan.FromSeconds(30));
            output.WriteLine($"killed {victim.Name} (control store owner: {victimOwned}) with {acknowledgedAtKill.AcknowledgedBatches} batches and {acknowledgedAtKill.AcknowledgedScans} scans acknowledged; every partition served again {failover.TotalSeconds:F2} s later ({failedProbes.Count} probes failed before)");
            foreach (var probe in failedProbes.Take(5))
                output.WriteLine("  probe " + probe);
            await load.StopAsync(TimeSpan.FromSeconds(120));
            output.WriteLine($"{load.FailedCalls.Count} calls failed and were sent again; first: {string.Join(" | ", load.FailedCalls.Take(3))}");

            Assert.Empty(load.GivenUp);
            Assert.All(cast.Observers, o => Assert.Equal(Slots, o.Acknowledged));
            Assert.All(scanners, s => Assert.Equal(ScansPerScanner, s.Acknowledged));
            Assert.True(failover < s_failoverBound, $"every partition served again only {failover.TotalSeconds:F1} s after the kill");

            // Every acknowledged write once: batches by what a case finds, scans by the venues' histories, visits by the people's.
            var audit = await RecoveryAudit.RunAsync(survivors[0], () => sinceKill.Elapsed, cast, scanners);
            output.WriteLine(audit.ToString());
            Assert.True(audit.Intact, string.Join(Environment.NewLine, audit.Problems));
            Assert.Equal(Observers * Slots, audit.BatchesChecked);
            Assert.Equal(Scanners * ScansPerScanner, audit.ScansChecked);

            var clusterProximity = await CaseContacts.OfCasePhoneAsync(survivors[1], cast, CaseContacts.Names(cast));
            var clusterVenue = await CaseContacts.OfPersonAsync(survivors[0], gathering.CaseUserId, gathering.At, gathering.Names);
            Assert.Equal(Observers, clusterProximity.Count);
            Assert.Equal(4, clusterVenue.Count);

            // The same writes on the embedded server (one process, default partitions, no cluster): the same contacts.
            var (embeddedProximity, embeddedVenue) = await OnEmbeddedServerAsync(cluster.Root, cast.Now);
            Assert.Equal(embeddedProximity, clusterProximity);
            Assert.Equal(embeddedVenue, clusterVenue);
        }
        catch
        {
            cluster.KeepForInspection(output.WriteLine);
            throw;
        }
    }

    /// <summary>
    /// One step of a rolling restart: SIGTERM one silo while phones and scanners keep calling the other two, then a
    /// new silo joins and takes calls too. No call may fail, and no retry is allowed: the client (as a load balancer
    /// draining the leaving silo) stops sending to it before it is asked to stop, so every call goes to a silo that
    /// stays, and must succeed the first time while the leaving silo hands its partitions and the control plane over.
    /// </summary>
    [Fact]
    public async Task A_silo_leaving_gracefully_refuses_no_call_through_the_others()
    {
        await using var cluster = await SiloCluster.StartAsync(Silos, Partitions);
        try
        {
            var addresses = cluster.Silos.Select(s => s.GrpcAddress).ToList();
            // The owner of the control store leaves: the others forward to it until it hands the control store over.
            var leaver = cluster.ControlOwner() ?? cluster.Silos[0];
            var staying = addresses.Where(a => a != leaver.GrpcAddress).ToList();
            var cast = await CrashCast.CreateAsync(staying[0], cluster.DataDir, Observers / 2, Seed + 1, Filler);
            var scanners = new List<ScannerLog>();
            for (var i = 0; i < Scanners / 2; i++)
                scanners.Add(await cast.NewScannerAsync(staying[i % staying.Count], i + 1, ScansPerScanner));

            var load = ClusterLoad.Start(staying, cast, scanners, Slots);
            await SiloCluster.UntilAsync(() => load.AcknowledgedBatches >= Observers / 2 * Slots / 4 || load.Completion.IsCompleted, TimeSpan.FromSeconds(60), "a quarter of the batches acknowledged");
            var left = await leaver.TerminateAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"{leaver.Name} left in {left.TotalSeconds:F2} s (exit code {leaver.ExitCode}) with {load.AcknowledgedBatches} batches acknowledged");
            var joined = await cluster.StartSiloAsync();
            load.Use(joined.GrpcAddress);
            await load.StopAsync(TimeSpan.FromSeconds(120));
            foreach (var failed in load.FailedCalls.Take(20))
                output.WriteLine("failed: " + failed);

            Assert.Empty(load.FailedCalls);
            Assert.Empty(load.GivenUp);
            var audit = await RecoveryAudit.RunAsync(joined.GrpcAddress, () => TimeSpan.Zero, cast, scanners);
            Assert.True(audit.Intact, string.Join(Environment.NewLine, audit.Problems));
            Assert.Equal(Observers / 2 * Slots, audit.BatchesChecked);
        }
        catch
        {
            cluster.KeepForInspection(output.WriteLine);
            throw;
        }
    }

    /// <summary>The cluster's scenario replayed on an embedded server of its own: the case phone's and the gathering's case contacts.</summary>
    private static async Task<(IReadOnlyList<string> Proximity, IReadOnlyList<string> Venue)> OnEmbeddedServerAsync(string root, DateTimeOffset now)
    {
        var dataDir = Path.Combine(root, "embedded");
        await using var server = await SiloProcess.StartAsync(new SiloOptions { Name = "embedded", DataDir = dataDir, LogDirectory = Path.Combine(root, "logs") });
        var cast = await CrashCast.CreateAsync(server.GrpcAddress, dataDir, Observers, Seed, Filler, now);
        var scanners = new List<ScannerLog>();
        for (var i = 0; i < Scanners; i++)
            scanners.Add(await cast.NewScannerAsync(server.GrpcAddress, i + 1, ScansPerScanner));
        var gathering = await VenueGathering.CreateAsync([server.GrpcAddress], cast.ManagerToken, cast.HeardFrom.AddHours(20), visitors: 4);
        var load = ClusterLoad.Start([server.GrpcAddress], cast, scanners, Slots);
        await load.StopAsync(TimeSpan.FromSeconds(120));
        Assert.Empty(load.GivenUp);
        return (await CaseContacts.OfCasePhoneAsync(server.GrpcAddress, cast, CaseContacts.Names(cast)),
            await CaseContacts.OfPersonAsync(server.GrpcAddress, gathering.CaseUserId, gathering.At, gathering.Names));
    }
}
