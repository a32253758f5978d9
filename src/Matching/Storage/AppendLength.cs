using FASTER.core;

namespace Tracing.Matching.Storage;

/// <summary>Record sizes for appends: grow by doubling so that appends stay amortised O(1).</summary>
/// <param name="minimumCapacity">Payload bytes a new record has room for.</param>
internal sealed class AppendLength(int minimumCapacity) : IVariableLengthStruct<SpanByte, SpanByte>
{

    public int GetInitialLength(ref SpanByte input)
        => sizeof(int) + RecordFunctions.UsedPrefix + Math.Max(input.Length, minimumCapacity);

    public int GetLength(ref SpanByte t, ref SpanByte input)
    {
        var used = RecordFunctions.Payload(ref t).Length;
        var needed = used + input.Length;
        var capacity = t.Length - RecordFunctions.UsedPrefix;
        while (capacity < needed)
            capacity = Math.Max(capacity * 2, minimumCapacity);
        return sizeof(int) + RecordFunctions.UsedPrefix + capacity;
    }
}
