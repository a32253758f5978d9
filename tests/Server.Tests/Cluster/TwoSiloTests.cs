using Google.Protobuf.WellKnownTypes;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Clients;
using Tracing.Cluster.Control;
using Tracing.Cluster.Partitions;
using Tracing.ClusterHarness;
using Tracing.Harness;
using Tracing.V1;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// Two silos of a real cluster in this process (membership on a real redis-server, one data folder), every call made
/// through the silo that does NOT own the control store: it forwards to the owner, whose engine reaches the
/// partitions as grains. What was written through it reads back, and a case traced through it finds exactly the
/// people the rules imply.
/// </summary>
public sealed class TwoSiloTests
{
    [Fact]
    public async Task Calls_through_the_silo_that_forwards_write_and_read_the_grain_partitions()
    {
        await using var redis = await RedisServer.StartAsync();
        var dataDir = Path.Combine(Path.GetTempPath(), "tracing-server-tests", Guid.NewGuid().ToString("N"));
        var clusterId = "test-" + Guid.NewGuid().ToString("N");
        try
        {
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
        finally
        {
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string[] SiloSettings(RedisServer redis, string clusterId) =>
    [
        "--Tracing:Partitions=4",
        "--Tracing:Cluster:Enabled=true",
        $"--Tracing:Cluster:Redis={redis.Endpoint}",
        $"--Tracing:Cluster:ClusterId={clusterId}",
        $"--Tracing:Cluster:SiloPort={LoopbackPorts.Free()}",
        "--Tracing:Cluster:AdvertisedHost=127.0.0.1",
        "--Tracing:Cluster:Secret=test-cluster-secret",
        "--Tracing:Cluster:ShutdownSeconds=10",
    ];
}
