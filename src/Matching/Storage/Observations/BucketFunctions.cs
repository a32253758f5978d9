using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FASTER.core;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// FASTER callbacks for identifier buckets. A bucket's value is <c>[used bytes: int32][applied through: int64]
/// [sightings][spare]</c>. An append (RMW) carries the write-ahead-log address it comes from and the sightings;
/// it is skipped when the bucket already holds that address (so replaying the log after a crash is
/// idempotent), written in place while there is room, and otherwise copied into a larger record.
/// A read scans the bucket for the identifier's 8-byte tail and adds the matches to the caller's sink.
/// </summary>
internal sealed class BucketFunctions : FunctionsBase<SpanByte, SpanByte, SpanByte, SightingSink, Empty>
{
    public const int HeaderSize = sizeof(int) + sizeof(long);
    public const int InputHeaderSize = sizeof(long);

    public override bool SingleReader(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref SightingSink dst, ref ReadInfo readInfo)
    {
        var tail = BinaryPrimitives.ReadUInt64LittleEndian(input.AsReadOnlySpan());
        foreach (ref readonly var entry in Entries(value.AsReadOnlySpan()))
        {
            if (entry.Tail == tail)
                dst.Add(entry.Observation);
        }
        return true;
    }

    public override bool ConcurrentReader(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref SightingSink dst, ref ReadInfo readInfo)
        => SingleReader(ref key, ref input, ref value, ref dst, ref readInfo);

    public override bool InitialUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref SightingSink output, ref RMWInfo rmwInfo)
    {
        var span = value.AsSpan();
        span.Clear();
        var address = AddressOf(input.AsReadOnlySpan());
        var sightings = SightingsOf(input.AsReadOnlySpan());
        sightings.CopyTo(span[HeaderSize..]);
        WriteHeader(span, sightings.Length, address);
        return true;
    }

    public override bool InPlaceUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref SightingSink output, ref RMWInfo rmwInfo)
    {
        var span = value.AsSpan();
        var address = AddressOf(input.AsReadOnlySpan());
        var sightings = SightingsOf(input.AsReadOnlySpan());
        var (used, applied) = ReadHeader(span);
        if (applied >= address)
            return true;
        if (HeaderSize + used + sightings.Length > span.Length)
            return false;
        sightings.CopyTo(span[(HeaderSize + used)..]);
        // Readers take no lock: the new entries are written before the length that makes them visible.
        BinaryPrimitives.WriteInt64LittleEndian(span[sizeof(int)..], address);
        Volatile.Write(ref Unsafe.As<byte, int>(ref MemoryMarshal.GetReference(span)), used + sightings.Length);
        return true;
    }

    public override bool CopyUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref SpanByte newValue, ref SightingSink output, ref RMWInfo rmwInfo)
    {
        var old = oldValue.AsReadOnlySpan();
        var span = newValue.AsSpan();
        span.Clear();
        var (used, applied) = ReadHeader(old);
        old.Slice(HeaderSize, used).CopyTo(span[HeaderSize..]);
        var address = AddressOf(input.AsReadOnlySpan());
        var sightings = SightingsOf(input.AsReadOnlySpan());
        if (applied >= address)
        {
            WriteHeader(span, used, applied);
            return true;
        }
        sightings.CopyTo(span[(HeaderSize + used)..]);
        WriteHeader(span, used + sightings.Length, address);
        return true;
    }

    public override bool SingleDeleter(ref SpanByte key, ref SpanByte value, ref DeleteInfo deleteInfo) => true;

    public static ReadOnlySpan<SightingEntry> Entries(ReadOnlySpan<byte> value)
    {
        var used = Volatile.Read(ref Unsafe.As<byte, int>(ref MemoryMarshal.GetReference(value)));
        return MemoryMarshal.Cast<byte, SightingEntry>(value.Slice(HeaderSize, used));
    }

    public static (int Used, long Applied) ReadHeader(ReadOnlySpan<byte> value)
        => (BinaryPrimitives.ReadInt32LittleEndian(value), BinaryPrimitives.ReadInt64LittleEndian(value[sizeof(int)..]));

    private static void WriteHeader(Span<byte> value, int used, long applied)
    {
        BinaryPrimitives.WriteInt32LittleEndian(value, used);
        BinaryPrimitives.WriteInt64LittleEndian(value[sizeof(int)..], applied);
    }

    private static long AddressOf(ReadOnlySpan<byte> input) => BinaryPrimitives.ReadInt64LittleEndian(input);

    private static ReadOnlySpan<byte> SightingsOf(ReadOnlySpan<byte> input) => input[InputHeaderSize..];
}
