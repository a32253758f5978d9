namespace Tracing.Matching;

/// <summary>
/// Sets of <see cref="PartitionWrite"/> as small immutable arrays, one entry per partition and epoch: a call writes one
/// partition or a few, so a linear scan beats any hashing, and a set that already covers a write is reused as it is.
/// </summary>
internal static class PartitionWrites
{
    /// <summary>Whether <paramref name="set"/> already names <paramref name="write"/> (its partition, epoch and stores).</summary>
    public static bool Covers(PartitionWrite[]? set, PartitionWrite write)
    {
        if (set is null)
            return false;
        foreach (var held in set)
        {
            if (held.Partition == write.Partition && held.Epoch == write.Epoch && (held.Stores & write.Stores) == write.Stores)
                return true;
        }
        return false;
    }

    /// <summary><paramref name="set"/> with <paramref name="write"/>: the same array when it covers it already.</summary>
    public static PartitionWrite[] With(PartitionWrite[]? set, PartitionWrite write)
    {
        if (set is null)
            return [write];
        if (Covers(set, write))
            return set;
        for (var i = 0; i < set.Length; i++)
        {
            if (set[i].Partition == write.Partition && set[i].Epoch == write.Epoch)
            {
                var widened = (PartitionWrite[])set.Clone();
                widened[i] = set[i] with { Stores = set[i].Stores | write.Stores };
                return widened;
            }
        }
        return [.. set, write];
    }

    /// <summary>Both sets as one: either itself when it covers the other.</summary>
    public static PartitionWrite[]? Union(PartitionWrite[]? left, PartitionWrite[]? right)
    {
        if (right is null || ReferenceEquals(left, right))
            return left;
        if (left is null)
            return right;
        var union = left;
        foreach (var write in right)
            union = With(union, write);
        return union;
    }
}
