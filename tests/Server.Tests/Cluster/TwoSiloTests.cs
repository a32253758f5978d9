using Google.Protobuf.WellKnownTypes;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Core.Internal;
using StackExchange.Redis;
using Tracing.Clients;
using Tracing.Cluster;
using Tracing.Cluster.Control;
using Tracing.Cluster.Partitions;
using Tracing.ClusterHarness;
using Tracing.Harness;
using Tracing.Matching.Partitions;
using Tracing.Shared.Backup;
using Tracing.V1;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// Two silos of a real cluster in this process (membership on a real redis-server with a password, mutual TLS between
/// the silos, one data folder), every call made through the silo that does NOT own the control store: it forwards to
/// the owner, whose engine reaches the partitions as grains. What was written through it reads back, and a case traced
/// through it finds exactly the people the rules imply.
/// </summary>
public sealed class TwoSiloTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tracing-server-tests", Guid.NewGuid().ToString("N"));
    private readonly ClusterCertificates _certificates;

    public TwoSiloTests() => _certificates = ClusterCertificates.Create(Path.Combine(_root, "certificates"));

    public void Dispose()
    {
        _certificates.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Calls_through_the_silo_that_forwards_write_and_read_the_grain_partitions()
    {
        await using var redis = await RedisServer.StartAsync();
        var dataDir = Path.Combine(_root, "shared");
        var clusterId = "test-" + Guid.NewGuid().ToString("N");
        await using var first = await ServerProcess.StartSharingAsync(dataDir, null, SiloSettings(redis, clusterId));
        await first.Services.GetRequiredService<ControlRole>().WhenOwnerAsync(default).WaitAsync(TimeSpan.FromMinutes(1));
        await using var other = await ServerProcess.StartSharingAsync(dataDir, null, SiloSettings(redis, clusterId));
        // The first silo to start owns the control store; every call below goes through the one that does not.
        var (owner, second) = first.Services.GetRequiredService<ControlRole>().IsOwner ? (first, other) : (other, first);
        var forwarder = second.Services.GetRequiredService<ControlRole>();
        Assert.False(forwarder.IsOwner);
        var engine = owner.Services.GetRequiredService<Matching.TracingEngine>();
        Assert.IsType<GrainPartitions>(engine.Partitions);
        Assert.Equal(4, engine.Partitions.Layout.Count);

        var t = Citizens.ThisMinute();
        var (manager, _) = await Citizens.SignedInAsync(second, Citizens.NewPhone());
        var pho = await Citizens.RegisterVenueAsync(manager, "Quán Phở Hòa");
        var (an, anId) = await Citizens.DeclaredDeviceAsync(second, "Trần Thị An");
        var (binh, binhId) = await Citizens.DeclaredDeviceAsync(second, "Lê Văn Bình");
        var (phuc, phucId) = await Citizens.DeclaredDeviceAsync(second, "Đỗ Văn Phúc");
        await Citizens.VisitAsync(an, pho, t.AddHours(-5), t.AddHours(-4));
        await Citizens.VisitAsync(binh, pho, t.AddMinutes(-270), t.AddMinutes(-230));
        var anPhone = new SimulatedPhone(seed: 11);
        var noon = new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1).AddHours(12);
        await phuc.UploadObservationsAsync(anPhone.HeardFor(noon, TimeSpan.FromMinutes(20), rssi: -60, txPower: -5));

        // Read back through the forwarding silo: the visits, from the partition of the venue.
        var visits = await Citizens.VisitsAsync(binh);
        Assert.Contains(visits, v => v.VenueId == pho.VenueId);

        using var health = second.WithApiKey(ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
        {
            UserId = anId,
            TestDate = Timestamp.FromDateTimeOffset(t),
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(t.AddDays(-1)),
        });
        Assert.Equal(1, report.ExposuresFound); // Bình, from the visits
        var upload = await an.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest
        {
            VerificationCode = report.VerificationCode,
            Keys = { anPhone.GetDiagnosisKeys(t.AddDays(-3), t) },
        });
        Assert.Equal(1, upload.ExposuresFound); // Phúc, from the sightings
        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        Assert.Equal(
            new HashSet<(string, Tier, ExposureKind)> { (binhId, Tier.F1, ExposureKind.Venue), (phucId, Tier.F1, ExposureKind.Proximity) },
            tracing.Exposures.Select(e => (e.UserId, e.Tier, e.Kind)).ToHashSet());

        // The health of the store and of every partition, asked through the forwarding silo.
        using (var channel = GrpcChannel.ForAddress(second.GrpcAddress))
        {
            var status = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);
        }

        // The web port forwards too: the home page comes from the owner.
        using var web = new HttpClient();
        var home = await web.GetAsync(second.WebAddress + "/");
        Assert.True(home.IsSuccessStatusCode, $"GET / through the forwarding silo: {(int)home.StatusCode}");
        foreach (var client in new[] { manager, an, binh, phuc })
            client.Dispose();
    }

    /// <summary>
    /// A silo that would open a storage root of its own (a shared mount that failed at boot and left an empty folder)
    /// would serve empty stores as the cluster's: it refuses to start before it joins, says which root to mount, and
    /// writes nothing into the empty folder; the cluster's silo keeps serving.
    /// </summary>
    [Fact]
    public async Task A_silo_on_another_storage_root_refuses_to_start_and_opens_nothing()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N");
        await using var first = await ServerProcess.StartSharingAsync(Path.Combine(_root, "shared"), null, SiloSettings(redis, clusterId));
        await first.Services.GetRequiredService<ControlRole>().WhenOwnerAsync(default).WaitAsync(TimeSpan.FromMinutes(1));
        // Every partition open: from here on the cluster serves, and must go on serving.
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(first, until: HealthCheckResponse.Types.ServingStatus.Serving));
        var emptyMount = Path.Combine(_root, "empty-mount");
        Directory.CreateDirectory(emptyMount);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartSharingAsync(emptyMount, null, SiloSettings(redis, clusterId)));

        var layout = PartitionLayout.OpenOrCreate(Path.Combine(_root, "shared", "store"), null);
        Assert.Contains($"the cluster's is {layout.Root}/4", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Tracing:DataDir", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(emptyMount, "store", "partitions")), "the stray silo wrote a storage root into the empty folder");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(first));
    }

    /// <summary>
    /// A restored backup of the cluster is a storage root of its own: a silo started on the copy with the cluster's
    /// service and Redis is refused as on any other root while the cluster serves, and one server opens the copy on its
    /// own. To bring the copy back as the cluster, as docs/OPERATIONS.md says: stop every silo, delete the Redis key the
    /// refusal names, start the silos on the copy.
    /// </summary>
    [Fact]
    public async Task A_silo_on_a_restored_backup_of_the_cluster_is_refused_until_the_cluster_is_brought_back_on_it()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N");
        var original = Path.Combine(_root, "shared");
        var restored = Path.Combine(_root, "restored");
        await using var first = await ServerProcess.StartSharingAsync(original, null, SiloSettings(redis, clusterId));
        await first.Services.GetRequiredService<ControlRole>().WhenOwnerAsync(default).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(first, until: HealthCheckResponse.Types.ServingStatus.Serving));
        using (var operators = first.WithApiKey(ServerProcess.OperatorKey))
            await BackupDownload.ToFolderAsync(operators, Path.Combine(_root, "backup"));

        var copy = BackupFolder.Restore(Path.Combine(_root, "backup"), restored);

        var clusterRoot = PartitionLayout.OpenOrCreate(Path.Combine(original, "store"), null);
        var copyRoot = PartitionLayout.OpenOrCreate(Path.Combine(restored, "store"), null);
        Assert.Equal(copy.NewRootId, copyRoot.Root);
        Assert.NotEqual(clusterRoot.Root, copyRoot.Root);
        Assert.Equal(clusterRoot.Count, copyRoot.Count);
        var key = ClusterStorageRoot.KeyOf("tracing");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartSharingAsync(restored, null, SiloSettings(redis, clusterId)));
        Assert.Contains($"its root id/partition count is {copyRoot.Root}/4, the cluster's is {clusterRoot.Root}/4", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"redis-cli DEL {key}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(first));
        await using (var alone = await ServerProcess.StartSharingAsync(restored))
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(alone));

        // Disaster recovery: every silo stopped, the key deleted, the silos started on the copy.
        await first.DisposeAsync();
        using (var membership = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
            Assert.True(await membership.GetDatabase().KeyDeleteAsync(key));
        await using var back = await ServerProcess.StartSharingAsync(restored, null, SiloSettings(redis, clusterId));
        await back.Services.GetRequiredService<ControlRole>().WhenOwnerAsync(default).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(back, until: HealthCheckResponse.Types.ServingStatus.Serving));
    }

    /// <summary>
    /// A silo whose control grain is deactivated while the silo runs (the cluster moving the control store without the
    /// silo stopping) closes its engine and stops itself, flagged as not a clean stop: its request services hold the
    /// closed engine, and winning the control store back in the same process would serve that one.
    /// </summary>
    [Fact]
    public async Task A_silo_that_loses_the_control_store_while_running_stops_itself()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var silo = await ServerProcess.StartSharingAsync(Path.Combine(_root, "shared"), null, SiloSettings(redis, "test-" + Guid.NewGuid().ToString("N")));
        var role = silo.Services.GetRequiredService<ControlRole>();
        await role.WhenOwnerAsync(default).WaitAsync(TimeSpan.FromMinutes(1));
        var stopping = new TaskCompletionSource();
        silo.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IControlGrain>(0).AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(role.LostWhileRunning);
        Assert.False(role.IsOwner);
    }

    /// <summary>The health of the store and every partition through <paramref name="server"/>; asked again for up to a minute while it is not <paramref name="until"/>.</summary>
    private static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(ServerProcess server, HealthCheckResponse.Types.ServingStatus? until = null)
    {
        using var channel = GrpcChannel.ForAddress(server.GrpcAddress);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var status = (await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30))).Status;
            if (until is null || status == until || DateTime.UtcNow > deadline)
                return status;
            await Task.Delay(100);
        }
    }

    private string[] SiloSettings(RedisServer redis, string clusterId) =>
    [
        .. _certificates.IssueSettings("in-process silo"),
        "--Tracing:Partitions=4",
        "--Tracing:Cluster:Enabled=true",
        $"--Tracing:Cluster:Redis={redis.ConnectionString}",
        $"--Tracing:Cluster:ClusterId={clusterId}",
        $"--Tracing:Cluster:SiloPort={LoopbackPorts.Free()}",
        "--Tracing:Cluster:AdvertisedHost=127.0.0.1",
        "--Tracing:Cluster:Secret=test-cluster-secret",
        "--Tracing:Cluster:ShutdownSeconds=10",
    ];
}
