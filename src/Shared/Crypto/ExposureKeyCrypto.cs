using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Tracing.Matching.Crypto;

/// <summary>
/// The Google/Apple Exposure Notification cryptography (specification v1.2): rolling proximity
/// identifiers (RPI) and associated encrypted metadata (AEM) derived from a temporary exposure key (TEK).
/// </summary>
/// <remarks>
/// The server derives exactly the bytes a phone broadcasts. For deriving many keys in a row, reuse one
/// <see cref="IdentifierDeriver"/> instead of <see cref="DeriveIdentifiers"/>.
/// </remarks>
public static class ExposureKeyCrypto
{
    /// <summary>Length in bytes of a temporary exposure key and of the keys derived from it.</summary>
    public const int KeyLength = 16;

    /// <summary>Length in bytes of a rolling proximity identifier (one AES block).</summary>
    public const int IdentifierLength = 16;

    /// <summary>Length in bytes of the Bluetooth metadata (version and transmit power) and so of an AEM.</summary>
    public const int MetadataLength = 4;

    /// <summary>Length in seconds of one identifier interval (10 minutes).</summary>
    public const int IntervalSeconds = 600;

    /// <summary>Number of intervals a temporary exposure key covers (one day).</summary>
    public const int IntervalsPerKey = 144;

    // AES-128 works on 16-byte blocks; an RPI and a padded-data block are both one block.
    private const int BlockLength = 16;

    // Metadata up to this length is encrypted with a keystream on the stack.
    private const int StackKeystreamLimit = 256;

    private static ReadOnlySpan<byte> IdentifierKeyInfo => "EN-RPIK"u8;

    private static ReadOnlySpan<byte> MetadataKeyInfo => "EN-AEMK"u8;

    // First half of every padded-data block: "EN-RPI" followed by two of the six zero bytes.
    private static readonly ulong s_paddedDataPrefix = BinaryPrimitives.ReadUInt64LittleEndian("EN-RPI\0\0"u8);

    /// <summary>The interval number (ENIntervalNumber) of a time: unix seconds / 600.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The time is before the unix epoch.</exception>
    public static uint IntervalNumber(DateTimeOffset time)
    {
        long seconds = time.ToUnixTimeSeconds();
        if (seconds < 0)
        {
            ThrowArgumentOutOfRange(nameof(time), "The time must not be before the unix epoch.");
        }

        return (uint)(seconds / IntervalSeconds);
    }

    /// <summary>Derives the rolling proximity identifier key: RPIK = HKDF-SHA256(TEK, no salt, "EN-RPIK", 16).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void DeriveIdentifierKey(ReadOnlySpan<byte> tek, Span<byte> destination)
    {
        ValidateKey(tek, nameof(tek));
        ValidateDestination(destination, KeyLength, nameof(destination));
        HKDF.DeriveKey(HashAlgorithmName.SHA256, tek, destination[..KeyLength], salt: default, IdentifierKeyInfo);
    }

    /// <summary>Derives the associated encrypted metadata key: AEMK = HKDF-SHA256(TEK, no salt, "EN-AEMK", 16).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void DeriveMetadataKey(ReadOnlySpan<byte> tek, Span<byte> destination)
    {
        ValidateKey(tek, nameof(tek));
        ValidateDestination(destination, KeyLength, nameof(destination));
        HKDF.DeriveKey(HashAlgorithmName.SHA256, tek, destination[..KeyLength], salt: default, MetadataKeyInfo);
    }

    /// <summary>
    /// Writes the rolling proximity identifiers of <paramref name="count"/> consecutive intervals starting at
    /// <paramref name="startInterval"/>: <c>count × 16</c> bytes, RPI_i = AES-128(RPIK, "EN-RPI" ‖ 0×6 ‖ LE32(i)).
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length, or <paramref name="count"/> is outside 0..144.</exception>
    public static void DeriveIdentifiers(ReadOnlySpan<byte> tek, uint startInterval, int count, Span<byte> destination)
    {
        ValidateIdentifierRequest(tek, startInterval, count, destination);

        using var aes = Aes.Create();
        DeriveIdentifiersCore(aes, tek, startInterval, count, destination);
    }

    /// <summary>
    /// Encrypts Bluetooth metadata into its AEM: AES-128-CTR with key AEMK and the RPI as initial counter.
    /// Writes <c>metadata.Length</c> bytes to <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void EncryptMetadata(ReadOnlySpan<byte> tek, ReadOnlySpan<byte> rpi, ReadOnlySpan<byte> metadata, Span<byte> destination)
    {
        ValidateKey(tek, nameof(tek));
        if (rpi.Length != IdentifierLength)
        {
            ThrowArgument(nameof(rpi), $"A rolling proximity identifier is {IdentifierLength} bytes, not {rpi.Length}.");
        }

        ValidateDestination(destination, metadata.Length, nameof(destination));

        Span<byte> aemk = stackalloc byte[KeyLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, tek, aemk, salt: default, MetadataKeyInfo);
        using var aes = Aes.Create();
        aes.SetKey(aemk);
        CryptographicOperations.ZeroMemory(aemk);
        ApplyCounterMode(aes, rpi, metadata, destination);
    }

    /// <summary>Decrypts an AEM back into the Bluetooth metadata (CTR mode: the same operation as encryption).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public static void DecryptMetadata(ReadOnlySpan<byte> tek, ReadOnlySpan<byte> rpi, ReadOnlySpan<byte> aem, Span<byte> destination) =>
        EncryptMetadata(tek, rpi, aem, destination);

    /// <summary>Checks the arguments of an identifier derivation; throws <see cref="ArgumentException"/> if wrong.</summary>
    internal static void ValidateIdentifierRequest(ReadOnlySpan<byte> tek, uint startInterval, int count, Span<byte> destination)
    {
        ValidateKey(tek, nameof(tek));
        if ((uint)count > IntervalsPerKey)
        {
            ThrowArgumentOutOfRange(nameof(count), $"A key covers 0 to {IntervalsPerKey} intervals, not {count}.");
        }

        if ((ulong)startInterval + (ulong)count > (ulong)uint.MaxValue + 1)
        {
            ThrowArgumentOutOfRange(nameof(startInterval), "The intervals must not run past interval number 2^32 - 1.");
        }

        ValidateDestination(destination, count * IdentifierLength, nameof(destination));
    }

    /// <summary>
    /// Derives the identifiers with a caller-owned AES instance: one HKDF, one rekey and one ECB call for all
    /// intervals. Arguments must already be valid.
    /// </summary>
    internal static void DeriveIdentifiersCore(Aes aes, ReadOnlySpan<byte> tek, uint startInterval, int count, Span<byte> destination)
    {
        if (count == 0)
        {
            return;
        }

        Span<byte> rpik = stackalloc byte[KeyLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, tek, rpik, salt: default, IdentifierKeyInfo);
        aes.SetKey(rpik);
        CryptographicOperations.ZeroMemory(rpik);

        // The padded-data blocks are built in the destination itself and encrypted in place: the runtime's
        // one-shot ECB accepts an exactly overlapping destination, so no scratch buffer is needed.
        Span<byte> blocks = destination[..(count * IdentifierLength)];
        WritePaddedData(startInterval, blocks);
        aes.EncryptEcb(blocks, blocks, PaddingMode.None);
    }

    /// <summary>Writes one padded-data block per interval: "EN-RPI" ‖ six zero bytes ‖ interval as uint32 little-endian.</summary>
    internal static void WritePaddedData(uint startInterval, Span<byte> paddedData)
    {
        // Two 64-bit little-endian stores per block: the constant prefix, then the interval in the high half.
        ulong prefix = s_paddedDataPrefix;
        uint interval = startInterval;
        for (int offset = 0; offset < paddedData.Length; offset += BlockLength, interval++)
        {
            Span<byte> block = paddedData.Slice(offset, BlockLength);
            BinaryPrimitives.WriteUInt64LittleEndian(block, prefix);
            BinaryPrimitives.WriteUInt64LittleEndian(block[8..], (ulong)interval << 32);
        }
    }

    // .NET has no CTR mode: the keystream is AES-ECB over the counter blocks IV, IV+1, … (128-bit
    // big-endian increments), computed in one in-place call, then XORed with the data.
    private static void ApplyCounterMode(Aes aes, ReadOnlySpan<byte> initialCounter, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (data.IsEmpty)
        {
            return;
        }

        int blocks = (data.Length + BlockLength - 1) / BlockLength;
        int length = blocks * BlockLength;
        byte[]? rented = null;
        Span<byte> buffer = length <= StackKeystreamLimit
            ? stackalloc byte[StackKeystreamLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(length));
        buffer = buffer[..length];

        try
        {
            UInt128 counter = BinaryPrimitives.ReadUInt128BigEndian(initialCounter);
            for (int offset = 0; offset < length; offset += BlockLength, counter++)
            {
                BinaryPrimitives.WriteUInt128BigEndian(buffer.Slice(offset, BlockLength), counter);
            }

            aes.EncryptEcb(buffer, buffer, PaddingMode.None);
            for (int i = 0; i < data.Length; i++)
            {
                destination[i] = (byte)(data[i] ^ buffer[i]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void ValidateKey(ReadOnlySpan<byte> key, string paramName)
    {
        if (key.Length != KeyLength)
        {
            ThrowArgument(paramName, $"A temporary exposure key is {KeyLength} bytes, not {key.Length}.");
        }
    }

    private static void ValidateDestination(Span<byte> destination, int required, string paramName)
    {
        if (destination.Length < required)
        {
            ThrowArgument(paramName, $"The destination needs {required} bytes but has {destination.Length}.");
        }
    }

    [DoesNotReturn]
    private static void ThrowArgument(string paramName, string message) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    private static void ThrowArgumentOutOfRange(string paramName, string message) =>
        throw new ArgumentOutOfRangeException(paramName, message);
}
