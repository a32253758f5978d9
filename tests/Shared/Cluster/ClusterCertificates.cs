using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tracing.ClusterHarness;

/// <summary>
/// A throwaway certificate authority made at test time (System.Security.Cryptography, nothing downloaded, no openssl)
/// and the silo certificates it issues, written under a folder: what <c>Tracing:Cluster:Certificate</c> and
/// <c>Tracing:Cluster:CertificateAuthority</c> point a silo at. Another instance is another CA, whose silos the first
/// cluster must refuse.
/// </summary>
internal sealed class ClusterCertificates : IDisposable
{
    private readonly X509Certificate2 _authority;
    private int _issued;

    private ClusterCertificates(string folder, X509Certificate2 authority)
    {
        Folder = folder;
        _authority = authority;
        AuthorityPath = Path.Combine(folder, "cluster-ca.pem");
        File.WriteAllText(AuthorityPath, authority.ExportCertificatePem());
    }

    /// <summary>Where the CA's certificate and the silos' certificates and keys are written.</summary>
    public string Folder { get; }

    /// <summary>The CA's certificate (PEM), every silo's <c>Tracing:Cluster:CertificateAuthority</c>.</summary>
    public string AuthorityPath { get; }

    /// <summary>A new CA named <paramref name="name"/>, its files under <paramref name="folder"/>.</summary>
    public static ClusterCertificates Create(string folder, string name = "Tracing test cluster CA")
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return new ClusterCertificates(folder, request.CreateSelfSigned(now.AddHours(-1), now.AddDays(2)));
    }

    /// <summary>
    /// A certificate for silo <paramref name="name"/>, for server and client authentication, with no host name in it
    /// (the cluster checks the CA, not names). PEM certificate and key, or a PKCS#12 file under <paramref name="password"/>.
    /// </summary>
    /// <returns>The silo's <c>Tracing:Cluster:Certificate*</c> settings, with the CA's.</returns>
    public IReadOnlyList<string> IssueSettings(string name, string? password = null)
    {
        var number = Interlocked.Increment(ref _issued);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(_authority, now.AddHours(-1), now.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        var stem = Path.Combine(Folder, $"silo-{number}");
        List<string> settings = [$"--Tracing:Cluster:CertificateAuthority={AuthorityPath}"];
        if (password is null)
        {
            File.WriteAllText(stem + ".pem", withKey.ExportCertificatePem());
            File.WriteAllText(stem + ".key", key.ExportPkcs8PrivateKeyPem());
            settings.Add($"--Tracing:Cluster:Certificate={stem}.pem");
            settings.Add($"--Tracing:Cluster:CertificateKey={stem}.key");
        }
        else
        {
            File.WriteAllBytes(stem + ".pfx", withKey.Export(X509ContentType.Pkcs12, password));
            settings.Add($"--Tracing:Cluster:Certificate={stem}.pfx");
            settings.Add($"--Tracing:Cluster:CertificatePassword={password}");
        }
        return settings;
    }

    public void Dispose() => _authority.Dispose();
}
