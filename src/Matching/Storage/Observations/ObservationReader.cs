using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// Looks up identifiers for one match, on one thread: a reader of each day it touches is opened once and kept
/// until disposal, so the 2,016 lookups of a case pay for no session or epoch each. While it is open, no day
/// is dropped (dispose it on the thread that opened it).
/// </summary>
internal sealed class ObservationReader(ObservationStore store) : IDisposable
{
    private readonly Dictionary<long, DayPartition.Reader?> _days = [];

    /// <summary>
    /// Adds to <paramref name="sink"/> every stored observation of <paramref name="rpi"/> on the UTC days that
    /// [<paramref name="from"/>, <paramref name="until"/>] (unix seconds) touches; the caller filters by time.
    /// </summary>
    public void Collect(ReadOnlySpan<byte> rpi, long from, long until, ref SightingSink sink)
    {
        for (var day = Days.Of(from); day <= Days.Of(until); day++)
            Day(day)?.Collect(rpi, ref sink);
    }

    /// <summary>The reader of one UTC day's store, or null when no such day is stored.</summary>
    public DayPartition.Reader? Day(long day)
    {
        if (!_days.TryGetValue(day, out var reader))
            _days[day] = reader = store.DayOrNull(day)?.OpenReader();
        return reader;
    }

    public void Dispose()
    {
        foreach (var reader in _days.Values)
            reader?.Dispose();
        _days.Clear();
        store.ReaderClosed();
    }
}
