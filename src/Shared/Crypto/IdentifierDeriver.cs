using System.Security.Cryptography;

namespace Tracing.Matching.Crypto;

/// <summary>
/// Derives rolling proximity identifiers for many temporary exposure keys with one AES instance, rekeyed
/// per key, so a matcher expanding 14 keys × 144 intervals creates no transform and allocates nothing per key.
/// </summary>
/// <remarks>Not thread-safe: use one instance per thread (or pool them).</remarks>
public sealed class IdentifierDeriver : IDisposable
{
    private readonly Aes _aes = Aes.Create();
    private bool _disposed;

    /// <summary>
    /// Writes the identifiers of <paramref name="count"/> consecutive intervals starting at
    /// <paramref name="startInterval"/> (<c>count × 16</c> bytes), exactly as
    /// <see cref="ExposureKeyCrypto.DeriveIdentifiers"/> does.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length, or <paramref name="count"/> is outside 0..144.</exception>
    /// <exception cref="ObjectDisposedException">The deriver has been disposed.</exception>
    public void DeriveIdentifiers(ReadOnlySpan<byte> tek, uint startInterval, int count, Span<byte> destination)
    {
        // Aes itself keeps working after Dispose on some platforms; fail loudly instead.
        ObjectDisposedException.ThrowIf(_disposed, this);
        ExposureKeyCrypto.ValidateIdentifierRequest(tek, startInterval, count, destination);
        ExposureKeyCrypto.DeriveIdentifiersCore(_aes, tek, startInterval, count, destination);
    }

    /// <summary>Releases the AES instance.</summary>
    public void Dispose()
    {
        _disposed = true;
        _aes.Dispose();
    }
}
