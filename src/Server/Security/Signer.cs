using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Tracing.Server.Security;

/// <summary>HMAC-SHA256 signatures of short texts, as 22 URL-safe characters (128 bits).</summary>
/// <remarks>
/// Every access token and QR code checked goes through here (a door scanner's stream checks one personal code per
/// scan), so a check builds no strings: the text is encoded on the stack and hashed with one reused context.
/// </remarks>
public sealed class Signer(byte[] key)
{
    private const int SignatureBytes = 16;
    private const int SignatureChars = 22;
    private const int StackBytes = 512;

    // One HMAC context per thread, reused: a fresh one per signature costs several times the hashing itself.
    private readonly ThreadLocal<IncrementalHash> _mac = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));

    /// <summary>The signature of <paramref name="text"/>.</summary>
    public string Sign(string text)
    {
        Span<byte> signature = stackalloc byte[SignatureBytes];
        Compute("", text, signature);
        return Base64Url.EncodeToString(signature);
    }

    /// <summary>Whether <paramref name="signature"/> is the signature of <paramref name="text"/> (constant time).</summary>
    public bool Verify(string text, string signature) => Verify("", text, signature);

    /// <summary>
    /// Whether <paramref name="signature"/> is the signature of <paramref name="prefix"/> followed by
    /// <paramref name="text"/> (constant time), without joining them.
    /// </summary>
    public bool Verify(ReadOnlySpan<char> prefix, ReadOnlySpan<char> text, ReadOnlySpan<char> signature)
    {
        if (signature.Length != SignatureChars)
            return false;
        Span<byte> computed = stackalloc byte[SignatureBytes];
        Compute(prefix, text, computed);
        Span<char> expected = stackalloc char[SignatureChars];
        Base64Url.EncodeToChars(computed, expected);
        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(signature));
    }

    private void Compute(ReadOnlySpan<char> prefix, ReadOnlySpan<char> text, Span<byte> signature)
    {
        var most = Encoding.UTF8.GetMaxByteCount(prefix.Length + text.Length);
        var rented = most > StackBytes ? ArrayPool<byte>.Shared.Rent(most) : null;
        try
        {
            var utf8 = rented is null ? stackalloc byte[StackBytes] : rented.AsSpan();
            var length = Encoding.UTF8.GetBytes(prefix, utf8);
            length += Encoding.UTF8.GetBytes(text, utf8[length..]);
            var mac = _mac.Value!;
            mac.AppendData(utf8[..length]);
            Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
            mac.GetHashAndReset(hash);
            hash[..SignatureBytes].CopyTo(signature);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
