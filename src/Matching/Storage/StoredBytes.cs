using System.Buffers;

namespace Tracing.Matching.Storage;

/// <summary>A value read from the store, in a buffer rented from the shared array pool.</summary>
internal struct StoredBytes
{
    public byte[]? Buffer;
    public int Length;

    public readonly ReadOnlySpan<byte> Span => Buffer is null ? default : Buffer.AsSpan(0, Length);

    public static StoredBytes CopyOf(ReadOnlySpan<byte> payload)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(payload.Length, 1));
        payload.CopyTo(buffer);
        return new StoredBytes { Buffer = buffer, Length = payload.Length };
    }

    public void Return()
    {
        if (Buffer is not null)
            ArrayPool<byte>.Shared.Return(Buffer);
        Buffer = null;
        Length = 0;
    }
}
