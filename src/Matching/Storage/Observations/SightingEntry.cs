using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// One sighting as stored in its bucket (24 bytes): the identifier's last 8 bytes and the observation. The
/// identifier's first bytes chose the bucket, so a match compares at least 68 bits of the identifier: two
/// different identifiers of one bucket collide with a chance of 2^-64.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal readonly struct SightingEntry(ulong tail, Observation observation)
{
    public const int Size = 24;

    /// <summary>Where the stored tail starts in the identifier.</summary>
    public const int TailOffset = 8;

    public readonly ulong Tail = tail;
    public readonly Observation Observation = observation;

    /// <summary>The bucket of an identifier: its first four bytes, masked to the bucket bits.</summary>
    public static uint BucketOf(ReadOnlySpan<byte> rpi, int bucketBits)
        => BinaryPrimitives.ReadUInt32LittleEndian(rpi) & (uint)((1L << bucketBits) - 1);

    public static ulong TailOf(ReadOnlySpan<byte> rpi) => BinaryPrimitives.ReadUInt64LittleEndian(rpi[TailOffset..]);

    public static SightingEntry Of(ReadOnlySpan<byte> rpi, in Observation observation) => new(TailOf(rpi), observation);
}

/// <summary>A sighting as written to the write-ahead log: the whole identifier and the observation (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly struct LoggedSighting(Guid rpi, Observation observation)
{
    /// <summary>Size of one logged sighting.</summary>
    public const int Size = 32;

    /// <summary>The 16-byte identifier (as raw bytes).</summary>
    public readonly Guid Rpi = rpi;

    /// <summary>What was seen.</summary>
    public readonly Observation Observation = observation;

    /// <summary>A logged sighting of <paramref name="rpi"/>.</summary>
    public static LoggedSighting Of(ReadOnlySpan<byte> rpi, in Observation observation) => new(new Guid(rpi), observation);

    /// <summary>Writes the identifier's 16 bytes.</summary>
    public void CopyRpiTo(Span<byte> destination) => Rpi.TryWriteBytes(destination);
}
