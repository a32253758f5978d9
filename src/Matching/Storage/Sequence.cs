namespace Tracing.Matching.Storage;

/// <summary>A stored, monotonically increasing counter (person numbers, venue numbers, feed positions).</summary>
internal sealed class Sequence(FasterStore store, string name)
{
    private readonly Lock _gate = new();
    private ulong _last = store.ReadCounter(name);

    public ulong Last
    {
        get
        {
            lock (_gate)
                return _last;
        }
    }

    /// <summary>Takes the next number and stores it; the caller commits with its own write.</summary>
    public ulong Next()
    {
        lock (_gate)
        {
            _last++;
            store.WriteCounter(name, _last);
            return _last;
        }
    }
}
