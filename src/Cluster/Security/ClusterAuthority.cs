using System.Security.Cryptography.X509Certificates;

namespace Tracing.Cluster.Security;

/// <summary>
/// The cluster's certificate authority (<see cref="ClusterSettings.CertificateAuthority"/>): the only roots a silo's
/// certificate may chain to. The operating system's trusted roots count for nothing here, and neither does the name in
/// the certificate: a silo is any holder of a key the cluster's CA certified, whatever address it moved to.
/// </summary>
internal sealed class ClusterAuthority
{
    private readonly X509Certificate2Collection _roots;

    private ClusterAuthority(X509Certificate2Collection roots) => _roots = roots;

    /// <summary>The authority's certificates, from a PEM file of one or more (an old and a new CA during a rotation).</summary>
    public static ClusterAuthority Load(string path)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"Tracing:Cluster:CertificateAuthority ({path}) could not be read: {e.Message} It must be a PEM file with the cluster's CA certificate.", e);
        }
        if (roots.Count == 0)
            throw new InvalidOperationException($"Tracing:Cluster:CertificateAuthority ({path}) holds no PEM certificate: it must be a PEM file with the cluster's CA certificate.");
        return new ClusterAuthority(roots);
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of the cluster's CA certificates, valid now. Revocation is
    /// not checked: a private CA has no revocation list here; a silo's certificate is short-lived, or the CA rotated.
    /// </summary>
    public bool Certified(X509Certificate2 certificate) => Problems(certificate).Length == 0;

    /// <summary>Why <paramref name="certificate"/> does not chain to the cluster's CA (empty when it does).</summary>
    public string Problems(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (chain.Build(certificate))
            return "";
        return string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).DefaultIfEmpty("not issued by the cluster's CA"));
    }
}
