using Grpc.Health.V1;
using Grpc.Net.Client;
using Tracing.ClusterHarness;
using Xunit.Abstractions;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// The silos' own network, as an attacker on it meets it: two silo processes with mutual TLS and a Redis with a password.
/// A silo whose certificate comes from another CA never gets into the cluster (no partition, no control store), while
/// the real silos keep serving; a silo on an empty mount refuses to start and says what to mount; and neither one's
/// output carries the Redis password, the cluster secret or a certificate's password.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class SiloNetworkTests(SiloNetworkTests.TwoSilos two, ITestOutputHelper output) : IClassFixture<SiloNetworkTests.TwoSilos>
{
    private const int Partitions = 4;

    [Fact]
    public async Task A_silo_with_a_certificate_of_another_CA_never_joins_and_the_cluster_keeps_serving()
    {
        var cluster = two.Cluster;
        using var otherAuthority = ClusterCertificates.Create(Path.Combine(cluster.Root, "other-ca"), "Not the cluster's CA");
        var certificatePassword = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

        // The same Redis, secret and storage root: only the certificate is not the cluster CA's. Orleans logs all it does.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => SiloProcess.StartAsync(
            Stray("rogue", cluster.DataDir, [.. otherAuthority.IssueSettings("rogue", certificatePassword), "--Logging:LogLevel:Orleans=Information"]),
            TimeSpan.FromSeconds(90)));
        output.WriteLine(refused.Message);

        var said = Output("rogue");
        Assert.DoesNotContain(" opened on this silo in ", said, StringComparison.Ordinal);
        Assert.DoesNotContain("owns the control store now", said, StringComparison.Ordinal);
        AssertNoSecret(said, certificatePassword);
        foreach (var silo in cluster.Silos)
        {
            Assert.False(silo.HasExited, $"{silo.Name} stopped");
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(silo));
        }
    }

    [Fact]
    public async Task A_silo_on_an_empty_mount_refuses_to_start_and_says_what_to_mount()
    {
        var cluster = two.Cluster;
        var emptyMount = Path.Combine(cluster.Root, "empty-mount");
        Directory.CreateDirectory(emptyMount);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(
            Stray("stray", emptyMount, cluster.Certificates.IssueSettings("stray", cluster.CertificatePassword)),
            TimeSpan.FromSeconds(90)));
        output.WriteLine(refused.Message);

        var said = Output("stray");
        Assert.Contains("is not the cluster's", said, StringComparison.Ordinal);
        Assert.Contains("Tracing:DataDir", said, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(emptyMount, "store", "partitions")), "the stray silo wrote a storage root into the empty folder");
        AssertNoSecret(said, cluster.CertificatePassword);
        foreach (var silo in cluster.Silos)
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await HealthAsync(silo));
    }

    private SiloOptions Stray(string name, string dataDir, IReadOnlyList<string> settings) => new()
    {
        Name = name,
        DataDir = dataDir,
        Partitions = Partitions,
        Cluster = two.Cluster.Membership,
        Settings = settings,
        LogDirectory = two.Cluster.LogDirectory,
    };

    /// <summary>Everything the silo named <paramref name="name"/> printed (its log, the command line there redacted).</summary>
    private string Output(string name) => string.Join(Environment.NewLine, Directory.GetFiles(two.Cluster.LogDirectory, $"{name}-*.log").Select(File.ReadAllText));

    private void AssertNoSecret(string said, string certificatePassword)
    {
        Assert.DoesNotContain(two.Cluster.Redis.Password, said, StringComparison.Ordinal);
        Assert.DoesNotContain(two.Cluster.Membership.Secret, said, StringComparison.Ordinal);
        Assert.DoesNotContain(certificatePassword, said, StringComparison.Ordinal);
    }

    private static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(SiloProcess silo)
    {
        using var channel = GrpcChannel.ForAddress(silo.GrpcAddress);
        return (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(60))).Status;
    }

    /// <summary>Two silos of one cluster (TLS, Redis with a password), shared by the tests of the class.</summary>
    public sealed class TwoSilos : IAsyncLifetime
    {
        private SiloCluster? _cluster;

        internal SiloCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");

        public async Task InitializeAsync() => _cluster = await SiloCluster.StartAsync(2, Partitions);

        public async Task DisposeAsync()
        {
            if (_cluster is not null)
                await _cluster.DisposeAsync();
        }
    }
}
