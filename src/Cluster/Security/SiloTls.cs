using Orleans.Connections.Security;

namespace Tracing.Cluster.Security;

/// <summary>
/// Mutual TLS on the silo (and gateway) port with Orleans's own TLS: every silo presents its certificate and accepts a
/// peer's only when it chains to the cluster's CA (<see cref="ClusterAuthority"/>). A connection from anything else —
/// no certificate, another CA, a public CA the operating system trusts — is closed during the handshake, before a
/// single Orleans message is read.
/// </summary>
internal static class SiloTls
{
    /// <summary>
    /// Refuses settings a silo must not start with: no certificate when silos reach each other over a network, a
    /// certificate without the cluster's CA, or a certificate the CA did not issue.
    /// </summary>
    public static void Require(ClusterSettings settings)
    {
        if (settings.Certificate.Length == 0)
        {
            if (!settings.OnLoopback)
                throw new InvalidOperationException($"Tracing:Cluster:Certificate and Tracing:Cluster:CertificateAuthority are required when silos reach each other over a network (Tracing:Cluster:AdvertisedHost is {settings.AdvertisedHost}): give every silo a certificate (and its key: Tracing:Cluster:CertificateKey, or a .pfx and Tracing:Cluster:CertificatePassword) issued by the cluster's own CA, and that CA's certificate.");
            if (settings.CertificateAuthority.Length > 0)
                throw new InvalidOperationException("Tracing:Cluster:CertificateAuthority is set without Tracing:Cluster:Certificate: give this silo its certificate too, or leave both out (loopback only).");
            return;
        }
        if (settings.CertificateAuthority.Length == 0)
            throw new InvalidOperationException("Tracing:Cluster:Certificate is set without Tracing:Cluster:CertificateAuthority: give the PEM file of the cluster's CA, the one every silo's certificate chains to.");
    }

    /// <summary>Turns TLS on for the silo when <see cref="ClusterSettings.Certificate"/> is set (after <see cref="Require"/>).</summary>
    public static void UseClusterTls(this ISiloBuilder silo, ClusterSettings settings)
    {
        if (settings.Certificate.Length == 0)
            return;
        var authority = ClusterAuthority.Load(settings.CertificateAuthority);
        var certificate = SiloCertificate.Load(settings);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"Tracing:Cluster:Certificate ({settings.Certificate}) has no private key: give it in the same file, in Tracing:Cluster:CertificateKey, or use a .pfx.");
        // A silo with a certificate its own cluster would refuse learns it now, not from every peer's closed connection.
        if (authority.Problems(certificate) is { Length: > 0 } problems)
            throw new InvalidOperationException($"Tracing:Cluster:Certificate ({settings.Certificate}, subject {certificate.Subject}) does not chain to Tracing:Cluster:CertificateAuthority ({settings.CertificateAuthority}): {problems}. Issue this silo's certificate from the cluster's CA.");
        silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // The TLS stack's own verdict (the OS's roots, the host name) is replaced, not added to: only the cluster's CA counts.
            options.RemoteCertificateValidation = (peer, _, _) => authority.Certified(peer);
        });
    }
}
