using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Tracing.Server.Security;

/// <summary>HMAC-SHA256 signatures of short texts, as 22 URL-safe characters (128 bits).</summary>
public sealed class Signer(byte[] key)
{
    // One HMAC context per thread, reused: a fresh one per signature costs several times the hashing itself
    // (every access token and QR code checked goes through here).
    private readonly ThreadLocal<IncrementalHash> _mac = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));

    /// <summary>The signature of <paramref name="text"/>.</summary>
    public string Sign(string text)
    {
        var mac = _mac.Value!;
        mac.AppendData(Encoding.UTF8.GetBytes(text));
        return WebEncoders.Base64UrlEncode(mac.GetHashAndReset(), 0, 16);
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="text"/> (constant time).</summary>
    public bool Verify(string text, string signature)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(text)), Encoding.ASCII.GetBytes(signature));
}
