using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// One sighting as stored in its bucket (28 bytes): the identifier's last 12 bytes (its first 4 chose the
/// bucket) and the observation. Matching compares the 12-byte tail.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal readonly struct SightingEntry(ulong tailHigh, uint tailLow, Observation observation)
{
    public const int Size = 28;

    public readonly ulong TailHigh = tailHigh;
    public readonly uint TailLow = tailLow;
    public readonly Observation Observation = observation;

    /// <summary>The bucket of an identifier: its first four bytes, masked to the bucket bits.</summary>
    public static uint BucketOf(ReadOnlySpan<byte> rpi, int bucketBits)
        => BinaryPrimitives.ReadUInt32LittleEndian(rpi) & (uint)((1L << bucketBits) - 1);

    public static ulong TailHighOf(ReadOnlySpan<byte> rpi) => BinaryPrimitives.ReadUInt64LittleEndian(rpi[4..]);

    public static uint TailLowOf(ReadOnlySpan<byte> rpi) => BinaryPrimitives.ReadUInt32LittleEndian(rpi[12..]);

    public static SightingEntry Of(ReadOnlySpan<byte> rpi, in Observation observation) => new(TailHighOf(rpi), TailLowOf(rpi), observation);
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
