using System.Buffers.Binary;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Scans;

/// <summary>
/// What a repeated scan is answered with: the venue, outcome and screening of the scan as first recorded (8 bytes
/// stored; the screening in a byte that receipts stored before it existed hold as 0, read as unscreened).
/// </summary>
public readonly record struct ScanReceipt(uint Venue, ScanOutcome Outcome, Registry.ScreeningColour Screening)
{
    public const int Size = 8;

    public static ScanReceipt Of(in ScanEvent scan) => new(scan.Venue, scan.Outcome, scan.Screening);

    public static ScanReceipt Read(ReadOnlySpan<byte> stored)
        => new(BinaryPrimitives.ReadUInt32LittleEndian(stored), (ScanOutcome)stored[sizeof(uint)], (Registry.ScreeningColour)(stored[sizeof(uint) + 1] & 3));

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Venue);
        destination[sizeof(uint)] = (byte)Outcome;
        destination[sizeof(uint) + 1] = (byte)Screening;
    }
}
