using System.Buffers;
using System.Buffers.Binary;
using FASTER.core;

namespace Tracing.Matching.Storage;

/// <summary>
/// FASTER callbacks for the store's values. Every value is laid out as <c>[used: int32][payload][spare]</c>:
/// an upsert writes the payload exactly, an append (RMW) adds to the payload in place while there is spare room
/// and otherwise copies the record with its capacity doubled, so a growing list costs amortised O(1) per item.
/// </summary>
internal sealed class RecordFunctions : FunctionsBase<SpanByte, SpanByte, SpanByte, StoredBytes, Empty>
{
    internal const int UsedPrefix = sizeof(int);

    public override bool SingleReader(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoredBytes dst, ref ReadInfo readInfo)
    {
        dst = StoredBytes.CopyOf(Payload(ref value));
        return true;
    }

    public override bool ConcurrentReader(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoredBytes dst, ref ReadInfo readInfo)
        => SingleReader(ref key, ref input, ref value, ref dst, ref readInfo);

    public override bool SingleWriter(ref SpanByte key, ref SpanByte input, ref SpanByte src, ref SpanByte dst, ref StoredBytes output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
        src.CopyTo(ref dst);
        // A record compaction moves keeps only its payload: spare room written before this code cleared it may still
        // hold an older value's bytes (see ConcurrentWriter), which must not outlive the compaction.
        if (reason == WriteReason.Compaction)
            dst.AsSpan()[(UsedPrefix + Payload(ref dst).Length)..].Clear();
        return true;
    }

    public override bool ConcurrentWriter(ref SpanByte key, ref SpanByte input, ref SpanByte src, ref SpanByte dst, ref StoredBytes output, ref UpsertInfo upsertInfo)
    {
        if (dst.Length < src.Length)
            return false;
        // Keep the record's capacity; the used prefix says how much of it is payload. The rest is cleared: an older,
        // longer value's bytes (a name since changed) must not stay behind in the spare room.
        src.AsReadOnlySpan().CopyTo(dst.AsSpan());
        dst.AsSpan()[src.Length..].Clear();
        return true;
    }

    public override bool InitialUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoredBytes output, ref RMWInfo rmwInfo)
    {
        var span = value.AsSpan();
        span.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(span, input.Length);
        input.AsReadOnlySpan().CopyTo(span[UsedPrefix..]);
        return true;
    }

    public override bool InPlaceUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref StoredBytes output, ref RMWInfo rmwInfo)
    {
        var span = value.AsSpan();
        var used = BinaryPrimitives.ReadInt32LittleEndian(span);
        if (UsedPrefix + used + input.Length > span.Length)
            return false;
        input.AsReadOnlySpan().CopyTo(span[(UsedPrefix + used)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, used + input.Length);
        return true;
    }

    public override bool CopyUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref SpanByte newValue, ref StoredBytes output, ref RMWInfo rmwInfo)
    {
        var old = Payload(ref oldValue);
        var span = newValue.AsSpan();
        span.Clear();
        old.CopyTo(span[UsedPrefix..]);
        input.AsReadOnlySpan().CopyTo(span[(UsedPrefix + old.Length)..]);
        BinaryPrimitives.WriteInt32LittleEndian(span, old.Length + input.Length);
        return true;
    }

    // Tombstones have no room for a payload.
    public override bool SingleDeleter(ref SpanByte key, ref SpanByte value, ref DeleteInfo deleteInfo) => true;

    internal static ReadOnlySpan<byte> Payload(ref SpanByte value)
    {
        var span = value.AsReadOnlySpan();
        var used = BinaryPrimitives.ReadInt32LittleEndian(span);
        return span.Slice(UsedPrefix, used);
    }
}
