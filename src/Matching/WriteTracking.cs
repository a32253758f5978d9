namespace Tracing.Matching;

/// <summary>
/// The stores one call (or one answer of a stream) has written, for the flow of execution that began tracking: each
/// store marks itself here when it is written, and the acknowledgement waits for exactly those stores' commits
/// (<see cref="TracingEngine.WhenDurableAsync"/>). So a scan that only writes the scan log waits for that log's commit
/// alone, while a manual door entry, which also creates the visitor in the general store, waits for both.
/// </summary>
/// <remarks>
/// The tracker flows with the execution context (<see cref="AsyncLocal{T}"/>) into everything the call awaits or
/// starts; a nested tracker (begun inside) takes the marks of what runs inside it until it is disposed. Marks are
/// flags set with one interlocked operation the first time a store is written, so tracking costs a scan next to nothing.
/// </remarks>
public sealed class WriteTracking : IDisposable
{
    private static readonly AsyncLocal<WriteTracking?> s_current = new();
    private readonly WriteTracking? _outer;
    private int _written;

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

    /// <summary>The stores written since tracking began or since the last take, and forgets them.</summary>
    public WrittenStores TakeWritten() => (WrittenStores)Interlocked.Exchange(ref _written, 0);

    /// <summary>Ends tracking: writes from here on mark the tracker that was current before this one began.</summary>
    public void Dispose()
    {
        if (ReferenceEquals(s_current.Value, this))
            s_current.Value = _outer;
    }

    /// <summary>Notes that <paramref name="store"/> was written by the current flow of execution, if it is tracked.</summary>
    internal static void Mark(WrittenStores store)
    {
        if (s_current.Value is { } tracking && (Volatile.Read(ref tracking._written) & (int)store) != (int)store)
            Interlocked.Or(ref tracking._written, (int)store);
    }
}
