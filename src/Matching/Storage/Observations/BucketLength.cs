using FASTER.core;

namespace Tracing.Matching.Storage.Observations;

/// <summary>Record sizes of buckets: created with the expected room, grown by half when full.</summary>
internal sealed class BucketLength(int initialCapacity) : IVariableLengthStruct<SpanByte, SpanByte>
{
    public int GetInitialLength(ref SpanByte input)
    {
        var sightings = new BucketFunctions.Input(input.AsReadOnlySpan()).Sightings.Length;
        return sizeof(int) + BucketFunctions.HeaderSize + Math.Max(sightings, initialCapacity * SightingEntry.Size);
    }

    public int GetLength(ref SpanByte t, ref SpanByte input)
    {
        var (used, _) = BucketFunctions.ReadHeader(t.AsReadOnlySpan());
        var needed = used + new BucketFunctions.Input(input.AsReadOnlySpan()).Sightings.Length;
        var capacity = t.Length - BucketFunctions.HeaderSize;
        while (capacity < needed)
            capacity += Math.Max(capacity / 2, SightingEntry.Size * 4);
        return sizeof(int) + BucketFunctions.HeaderSize + capacity;
    }
}
