using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Scans;

/// <summary>
/// One scan in a person's itinerary for the day, with the receipt it was recorded under (40 bytes). A repeated
/// delivery carries the same person and scan time, so it finds its receipt in the itinerary it would extend: a day
/// keeps no receipt records of its own (they were a third of a day's bytes).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal readonly struct ItineraryEntry(ScanEvent scan, ulong receipt)
{
    public const int Size = ScanEvent.Size + sizeof(ulong);

    public readonly ScanEvent Scan = scan;

    /// <summary>64 bits of the receipt id's hash: a person's receipts of one day collide with a chance of about 2^-58.</summary>
    public readonly ulong Receipt = receipt;

    /// <summary>The receipt of <paramref name="receiptKey"/> (a tag, then the receipt id's hash) as an entry holds it.</summary>
    public static ulong ReceiptOf(ReadOnlySpan<byte> receiptKey) => BinaryPrimitives.ReadUInt64LittleEndian(receiptKey[1..]);

    /// <summary>The answer to a repeated delivery of <paramref name="receipt"/> found in <paramref name="stored"/>, if any.</summary>
    public static ScanReceipt? Find(ReadOnlySpan<byte> stored, ulong receipt)
    {
        foreach (var entry in MemoryMarshal.Cast<byte, ItineraryEntry>(stored))
        {
            if (entry.Receipt == receipt)
                return ScanReceipt.Of(entry.Scan);
        }
        return null;
    }
}
