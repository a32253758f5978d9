using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// The sightings of a run of consecutive log entries, which the applier adds to the day stores together: sorted by
/// day, then bucket, then log address, so that each (day, bucket) of the whole run takes one append. A batch spreads
/// over thousands of buckets, so on its own almost every sighting would cost an append; a run of many batches puts
/// several sightings in most buckets it touches. Applier thread only; reused from run to run.
/// </summary>
internal sealed class SightingRun
{
    /// <summary>Sightings after which a run takes no more entries (an entry may still add up to a batch's worth).</summary>
    public const int Target = 1 << 18;

    // Sort key: day (its index in _days) in the top bits, then bucket, then the sighting's position in the run. The
    // position makes every key distinct and keeps a bucket's sightings in log order (positions follow the log).
    private const int PositionBits = 22;
    private const int BucketBits = 30;
    private const int DayShift = PositionBits + BucketBits;

    private readonly List<DayPartition> _days = [];
    private LoggedSighting[] _sightings = new LoggedSighting[1024];
    private long[] _addresses = new long[1024];
    private ulong[] _order = new ulong[1024];

    /// <summary>Sightings in the run.</summary>
    public int Count { get; private set; }

    /// <summary>Empties the run, keeping its buffers.</summary>
    public void Clear()
    {
        Count = 0;
        _days.Clear();
    }

    /// <summary>Adds the sightings of the entry at <paramref name="address"/>, leaving out days before <paramref name="firstKeptDay"/>.</summary>
    /// <param name="partition">The day store of a day (created if new).</param>
    public void Add(ReadOnlySpan<LoggedSighting> sightings, long address, long firstKeptDay, Func<long, DayPartition> partition)
    {
        Grow(Count + sightings.Length);
        Span<byte> rpi = stackalloc byte[16];
        var lastDay = long.MinValue;
        var dayIndex = 0;
        var bucketBits = 0;
        foreach (ref readonly var sighting in sightings)
        {
            var day = Days.Of(sighting.Observation.SeenAt);
            if (day < firstKeptDay)
                continue; // past retention: its day is gone
            if (day != lastDay)
            {
                dayIndex = IndexOf(day, partition);
                bucketBits = _days[dayIndex].BucketBits;
                lastDay = day;
            }
            sighting.CopyRpiTo(rpi);
            _order[Count] = ((ulong)dayIndex << DayShift) | ((ulong)SightingEntry.BucketOf(rpi, bucketBits) << PositionBits) | (uint)Count;
            _sightings[Count] = sighting;
            _addresses[Count++] = address;
        }
    }

    /// <summary>
    /// Sorts the run and returns each day's stretch of it. In a stretch, the sightings of one bucket are next to each
    /// other, in log order (see <see cref="Group"/>).
    /// </summary>
    public List<(DayPartition Day, int Start, int End)> SortByDay()
    {
        var order = _order.AsSpan(0, Count);
        order.Sort();
        var stretches = new List<(DayPartition, int, int)>(_days.Count);
        for (var start = 0; start < order.Length;)
        {
            var day = order[start] >> DayShift;
            var end = start + 1;
            while (end < order.Length && order[end] >> DayShift == day)
                end++;
            stretches.Add((_days[(int)day], start, end));
            start = end;
        }
        return stretches;
    }

    /// <summary>The end of the bucket group that starts at <paramref name="start"/> (sorted position), within <paramref name="end"/>.</summary>
    public int Group(int start, int end)
    {
        var bucket = _order[start] >> PositionBits;
        var next = start + 1;
        while (next < end && _order[next] >> PositionBits == bucket)
            next++;
        return next;
    }

    /// <summary>The bucket of the sighting at sorted position <paramref name="i"/>.</summary>
    public uint BucketAt(int i) => (uint)((_order[i] >> PositionBits) & ((1UL << BucketBits) - 1));

    /// <summary>The sighting at sorted position <paramref name="i"/>.</summary>
    public ref readonly LoggedSighting SightingAt(int i) => ref _sightings[(int)(_order[i] & ((1UL << PositionBits) - 1))];

    /// <summary>The log address of the entry that carried the sighting at sorted position <paramref name="i"/>.</summary>
    public long AddressAt(int i) => _addresses[(int)(_order[i] & ((1UL << PositionBits) - 1))];

    private int IndexOf(long day, Func<long, DayPartition> partition)
    {
        for (var i = 0; i < _days.Count; i++)
        {
            if (_days[i].Day == day)
                return i;
        }
        if (_days.Count == 1 << (64 - DayShift))
            throw new InvalidOperationException($"A run holds sightings of at most {1 << (64 - DayShift):N0} days.");
        _days.Add(partition(day));
        return _days.Count - 1;
    }

    private void Grow(int needed)
    {
        if (needed <= _sightings.Length)
            return;
        if (needed > 1 << PositionBits)
            throw new InvalidOperationException($"A run holds at most {1 << PositionBits:N0} sightings.");
        var size = Math.Max(needed, _sightings.Length * 2);
        Array.Resize(ref _sightings, size);
        Array.Resize(ref _addresses, size);
        Array.Resize(ref _order, size);
    }
}
