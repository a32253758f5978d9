using System.Diagnostics;
using Tracing.ClusterHarness;
using Tracing.Crash;
using Xunit.Abstractions;

namespace Tracing.Server.Tests.Cluster;

public sealed class HarnessScratchTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Scratch()
    {
        await using (var redis = await RedisServer.StartAsync())
        {
            Assert.True(await redis.PingAsync());
            output.WriteLine($"redis on {redis.Endpoint}");
        }
        var root = Path.Combine(Path.GetTempPath(), "scratch-" + Guid.NewGuid().ToString("N")[..6]);
        var clock = Stopwatch.StartNew();
        await using var server = await SiloProcess.StartAsync(new SiloOptions { Name = "embedded", DataDir = Path.Combine(root, "d"), LogDirectory = Path.Combine(root, "logs"), Partitions = 12 });
        output.WriteLine($"served in {server.StartToServing.TotalSeconds:F2}");
        var cast = await CrashCast.CreateAsync(server.GrpcAddress, server.Options.DataDir, 24, 2020, 10);
        var scanners = new List<ScannerLog>();
        for (var i = 0; i < 6; i++)
            scanners.Add(await cast.NewScannerAsync(server.GrpcAddress, i + 1, 150));
        var gathering = await VenueGathering.CreateAsync([server.GrpcAddress], cast.ManagerToken, cast.HeardFrom.AddHours(20), visitors: 4);
        var t = clock.Elapsed;
        var load = ClusterLoad.Start([server.GrpcAddress], cast, scanners, 24);
        await load.StopAsync(TimeSpan.FromSeconds(120));
        output.WriteLine($"load in {(clock.Elapsed - t).TotalSeconds:F2} s: {load.AcknowledgedBatches} batches {load.AcknowledgedScans} scans; given up {string.Join("|", load.GivenUp)}");
        var audit = await RecoveryAudit.RunAsync(server.GrpcAddress, () => clock.Elapsed, cast, scanners);
        output.WriteLine(audit.ToString());
        await FailoverProbe.MatchAsync(server.GrpcAddress, cast.Now, TimeSpan.FromSeconds(10));
        foreach (var line in await CaseContacts.OfCasePhoneAsync(server.GrpcAddress, cast, CaseContacts.Names(cast)))
            output.WriteLine(line);
        foreach (var line in await CaseContacts.OfPersonAsync(server.GrpcAddress, gathering.CaseUserId, gathering.At, gathering.Names))
            output.WriteLine(line);
        output.WriteLine($"terminate: {(await server.TerminateAsync(TimeSpan.FromSeconds(30))).TotalSeconds:F2} s exit {server.ExitCode}");
        output.WriteLine(server.LastOutput());
        output.WriteLine($"total {clock.Elapsed.TotalSeconds:F2}");
    }
}
