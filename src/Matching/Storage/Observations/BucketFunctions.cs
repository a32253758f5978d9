using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FASTER.core;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// FASTER callbacks for identifier buckets. A bucket's value is <c>[used bytes: int32][applied through: int64]
/// [sightings][spare]</c>. An append (RMW) carries sightings and, for each, the write-ahead-log address of its entry
/// (ascending, see <see cref="Input"/>); the sightings from addresses the bucket already holds are skipped (so replaying
/// the log after a crash is idempotent), the others written in place while there is room, and otherwise copied into a
/// larger record.
/// A read scans the bucket for the identifier's 8-byte tail and adds the matches to the caller's sink.
/// </summary>
internal sealed class BucketFunctions : FunctionsBase<SpanByte, SpanByte, SpanByte, SightingSink, Empty>
{
    public const int HeaderSize = sizeof(int) + sizeof(long);

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
        var append = new Input(input.AsReadOnlySpan());
        append.Sightings.CopyTo(span[HeaderSize..]);
        WriteHeader(span, append.Sightings.Length, append.LastAddress);
        return true;
    }

    public override bool InPlaceUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref SightingSink output, ref RMWInfo rmwInfo)
    {
        var span = value.AsSpan();
        var (used, applied) = ReadHeader(span);
        var append = new Input(input.AsReadOnlySpan());
        var sightings = append.After(applied);
        if (sightings.IsEmpty)
            return true;
        if (HeaderSize + used + sightings.Length > span.Length)
            return false;
        sightings.CopyTo(span[(HeaderSize + used)..]);
        // Readers take no lock: the new entries are written before the length that makes them visible.
        BinaryPrimitives.WriteInt64LittleEndian(span[sizeof(int)..], append.LastAddress);
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
        var append = new Input(input.AsReadOnlySpan());
        var sightings = append.After(applied);
        if (sightings.IsEmpty)
        {
            WriteHeader(span, used, applied);
            return true;
        }
        sightings.CopyTo(span[(HeaderSize + used)..]);
        WriteHeader(span, used + sightings.Length, append.LastAddress);
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

    /// <summary>
    /// An append's input: <c>[count: int32][unused: int32][log addresses: count × int64, ascending][sightings: count ×
    /// <see cref="SightingEntry"/>]</c>, the i-th address being the one of the i-th sighting's log entry.
    /// </summary>
    public readonly ref struct Input(ReadOnlySpan<byte> input)
    {
        private const int CountSize = sizeof(long);
        private readonly ReadOnlySpan<byte> _input = input;

        /// <summary>Bytes of the input of <paramref name="count"/> sightings.</summary>
        public static int Size(int count) => CountSize + (count * (sizeof(long) + SightingEntry.Size));

        /// <summary>Writes the count of <paramref name="input"/>, and gives where its addresses and sightings go.</summary>
        public static void Layout(Span<byte> input, int count, out Span<long> addresses, out Span<SightingEntry> sightings)
        {
            BinaryPrimitives.WriteInt32LittleEndian(input, count);
            addresses = MemoryMarshal.Cast<byte, long>(input.Slice(CountSize, count * sizeof(long)));
            sightings = MemoryMarshal.Cast<byte, SightingEntry>(input.Slice(CountSize + (count * sizeof(long)), count * SightingEntry.Size));
        }

        private int Count => BinaryPrimitives.ReadInt32LittleEndian(_input);

        private ReadOnlySpan<long> Addresses => MemoryMarshal.Cast<byte, long>(_input.Slice(CountSize, Count * sizeof(long)));

        /// <summary>The sightings' bytes.</summary>
        public ReadOnlySpan<byte> Sightings => _input.Slice(CountSize + (Count * sizeof(long)), Count * SightingEntry.Size);

        /// <summary>The log address of the last sighting's entry: what the bucket holds through once it is appended.</summary>
        public long LastAddress => Addresses[^1];

        /// <summary>The sightings' bytes from entries after <paramref name="applied"/> (the bucket holds the others).</summary>
        public ReadOnlySpan<byte> After(long applied)
        {
            var addresses = Addresses;
            var first = 0;
            while (first < addresses.Length && addresses[first] <= applied)
                first++;
            return Sightings[(first * SightingEntry.Size)..];
        }
    }
}
