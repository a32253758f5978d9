using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Tracing.Server.Security;

/// <summary>HMAC-SHA256 signatures of short texts, as 22 URL-safe characters (128 bits).</summary>
public sealed class Signer(byte[] key)
{
    /// <summary>The signature of <paramref name="text"/>.</summary>
    public string Sign(string text)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));
        return WebEncoders.Base64UrlEncode(mac, 0, 16);
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="text"/> (constant time).</summary>
    public bool Verify(string text, string signature)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(text)), Encoding.ASCII.GetBytes(signature));
}
