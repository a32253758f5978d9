using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tracing.Cluster.Security;

/// <summary>Loads this silo's certificate and private key (<see cref="ClusterSettings.Certificate"/>).</summary>
internal static class SiloCertificate
{
    /// <summary>
    /// The certificate with its key: PKCS#12 for <c>.pfx</c> and <c>.p12</c>, PEM otherwise. The error names the setting
    /// and the file, never the password.
    /// </summary>
    public static X509Certificate2 Load(ClusterSettings settings)
    {
        var path = settings.Certificate;
        var key = settings.CertificateKey.Length > 0 ? settings.CertificateKey : null;
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".pfx" or ".p12")
                return X509CertificateLoader.LoadPkcs12FromFile(path, settings.CertificatePassword);
            return settings.CertificatePassword.Length > 0
                ? X509Certificate2.CreateFromEncryptedPemFile(path, settings.CertificatePassword, key)
                : X509Certificate2.CreateFromPemFile(path, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Tracing:Cluster:Certificate ({path}{(key is null ? "" : $", key {key}")}) could not be loaded: {e.GetType().Name}. Give a PEM certificate with its key (Tracing:Cluster:CertificateKey) or a .pfx, and its password in Tracing:Cluster:CertificatePassword when it has one.",
                e);
        }
    }
}
