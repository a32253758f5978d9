namespace Tracing.Matching;

/// <summary>
/// What one call (or one answer of a stream) has written, for the flow of execution that began tracking: the general
/// store marks itself here when it is written, a data partition marks its number and the activation that logged the
/// write (<see cref="PartitionWrite"/>), and the acknowledgement waits for exactly those commits
/// (<see cref="TracingEngine.WhenDurableAsync"/>). So a scan that only writes its venue's scan log waits for that
/// partition's log commit alone, while a manual door entry, which also creates the visitor in the general store, waits
/// for both.
/// </summary>
/// <remarks>
/// The tracker flows with the execution context (<see cref="AsyncLocal{T}"/>) into everything the call awaits or
/// starts; a nested tracker (begun inside) takes the marks of what runs inside it until it is disposed. A store's mark
/// is a flag set with one interlocked operation the first time; a partition's mark swaps in a small immutable set the
/// first time that partition and epoch is written, so marking the same partition again costs a read.
/// </remarks>
public sealed class WriteTracking : IDisposable
{
    private static readonly AsyncLocal<WriteTracking?> s_current = new();
    private readonly WriteTracking? _outer;
    private int _written;
    private PartitionWrite[]? _partitions;

    private WriteTracking(WriteTracking? outer) => _outer = outer;

    /// <summary>The tracker of the current flow of execution; null outside any.</summary>
    public static WriteTracking? Current => s_current.Value;

    /// <summary>Starts tracking the writes of the current flow of execution (and of what it awaits or starts) until disposed.</summary>
    public static WriteTracking Begin()
    {
        var tracking = new WriteTracking(s_current.Value);
        s_current.Value = tracking;
        return tracking;
    }

    /// <summary>What was written since tracking began or since the last take, and forgets it.</summary>
    public Written TakeWritten()
        => new((WrittenStores)Interlocked.Exchange(ref _written, 0), Interlocked.Exchange(ref _partitions, null));

    /// <summary>Ends tracking: writes from here on mark the tracker that was current before this one began.</summary>
    public void Dispose()
    {
        if (ReferenceEquals(s_current.Value, this))
            s_current.Value = _outer;
    }

    /// <summary>
    /// Notes that the current flow of execution, if it is tracked, wrote a data partition's stores under one activation
    /// of it: the acknowledgement then waits for that partition's commits, and is refused if that activation is gone.
    /// </summary>
    public static void MarkPartition(PartitionWrite write)
    {
        if (s_current.Value is not { } tracking || PartitionWrites.Covers(Volatile.Read(ref tracking._partitions), write))
            return;
        while (true)
        {
            var held = Volatile.Read(ref tracking._partitions);
            var with = PartitionWrites.With(held, write);
            if (ReferenceEquals(with, held) || ReferenceEquals(Interlocked.CompareExchange(ref tracking._partitions, with, held), held))
                return;
        }
    }

    /// <summary>Notes that <paramref name="store"/> was written by the current flow of execution, if it is tracked.</summary>
    internal static void Mark(WrittenStores store)
    {
        if (s_current.Value is { } tracking && (Volatile.Read(ref tracking._written) & (int)store) != (int)store)
            Interlocked.Or(ref tracking._written, (int)store);
    }
}
