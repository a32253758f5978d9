using System.Buffers.Binary;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Scans;

/// <summary>What a repeated scan is answered with: the venue and outcome of the scan as first recorded (8 bytes stored).</summary>
internal readonly record struct ScanReceipt(uint Venue, ScanOutcome Outcome)
{
    public const int Size = 8;

    public static ScanReceipt Of(in ScanEvent scan) => new(scan.Venue, scan.Outcome);

    public static ScanReceipt Read(ReadOnlySpan<byte> stored)
        => new(BinaryPrimitives.ReadUInt32LittleEndian(stored), (ScanOutcome)stored[sizeof(uint)]);

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Venue);
        destination[sizeof(uint)] = (byte)Outcome;
    }
}
