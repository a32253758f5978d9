using Tracing.Cluster;
using Tracing.Cluster.Security;
using Tracing.ClusterHarness;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// Which silos a silo lets in: only a certificate issued by the cluster's own CA, whatever its name, and no silo reached
/// over a network starts without one.
/// </summary>
public sealed class SiloTlsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tracing-server-tests", Guid.NewGuid().ToString("N"));
    private readonly ClusterCertificates _cluster;
    private readonly ClusterCertificates _other;

    public SiloTlsTests()
    {
        _cluster = ClusterCertificates.Create(Path.Combine(_folder, "cluster"));
        _other = ClusterCertificates.Create(Path.Combine(_folder, "other"), "Another CA");
    }

    [Fact]
    public void Only_a_certificate_of_the_cluster_s_CA_is_certified()
    {
        var authority = ClusterAuthority.Load(_cluster.AuthorityPath);
        using var ours = SiloCertificate.Load(Settings(_cluster.IssueSettings("silo-a")));
        using var oursFromPfx = SiloCertificate.Load(Settings(_cluster.IssueSettings("silo-b", "pfx-password")));
        using var theirs = SiloCertificate.Load(Settings(_other.IssueSettings("rogue")));

        Assert.True(ours.HasPrivateKey);
        Assert.True(authority.Certified(ours));
        Assert.True(authority.Certified(oursFromPfx));
        Assert.False(authority.Certified(theirs));
    }

    [Fact]
    public void A_wrong_certificate_password_is_refused_without_showing_it()
    {
        var settings = Settings(_cluster.IssueSettings("silo-c", "the-right-password"));
        settings.CertificatePassword = "a-wrong-password";

        var refused = Assert.Throws<InvalidOperationException>(() => SiloCertificate.Load(settings));

        Assert.Contains("Tracing:Cluster:CertificatePassword", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a-wrong-password", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_silo_reached_over_a_network_needs_a_certificate_and_the_cluster_s_CA()
    {
        var networked = new ClusterSettings { AdvertisedHost = "10.0.0.5", Secret = "s" };
        var noCertificate = Assert.Throws<InvalidOperationException>(() => ClusterHosting.RequireSafeSettings(networked));
        Assert.Contains("Tracing:Cluster:Certificate and Tracing:Cluster:CertificateAuthority are required", noCertificate.Message, StringComparison.Ordinal);

        networked.Certificate = "/etc/tracing/silo.pem";
        var noAuthority = Assert.Throws<InvalidOperationException>(() => ClusterHosting.RequireSafeSettings(networked));
        Assert.Contains("Tracing:Cluster:CertificateAuthority", noAuthority.Message, StringComparison.Ordinal);

        // On loopback (README's local cluster) TLS stays optional.
        ClusterHosting.RequireSafeSettings(new ClusterSettings { AdvertisedHost = "127.0.0.1" });
    }

    public void Dispose()
    {
        _cluster.Dispose();
        _other.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static ClusterSettings Settings(IReadOnlyList<string> arguments)
    {
        var settings = new ClusterSettings();
        foreach (var argument in arguments)
        {
            var (name, value) = (argument[..argument.IndexOf('=', StringComparison.Ordinal)], argument[(argument.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            switch (name)
            {
                case "--Tracing:Cluster:Certificate": settings.Certificate = value; break;
                case "--Tracing:Cluster:CertificateKey": settings.CertificateKey = value; break;
                case "--Tracing:Cluster:CertificatePassword": settings.CertificatePassword = value; break;
                case "--Tracing:Cluster:CertificateAuthority": settings.CertificateAuthority = value; break;
            }
        }
        return settings;
    }
}
