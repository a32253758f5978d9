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
