using Tracing.Matching.Crypto;
using Tracing.Matching.Internal;
using Tracing.Matching.Model;
using Tracing.Matching.Storage.Observations;

namespace Tracing.Matching.Tracing;

/// <summary>
/// One worker's share of a case's keys: its own identifier deriver, reader of the day stores and buffer, on one
/// thread (dispose it on the thread that made it).
/// </summary>
internal sealed class KeyLookup(ObservationReader reader) : IDisposable
{
    private readonly List<(int Index, DayPartition.Reader Day)> _candidates = [];
    private IdentifierDeriver? _deriver;
    private SightingSink _sink;

    /// <summary>Writes the identifiers of <paramref name="key"/> to <paramref name="rpis"/>, in interval order.</summary>
    public void Derive(DiagnosisKey key, Span<byte> rpis)
        => (_deriver ??= new IdentifierDeriver()).DeriveIdentifiers(key.KeyData, key.RollingStartInterval, key.RollingPeriod, rpis);

    /// <summary>
    /// The sightings that can count of each identifier of <paramref name="key"/> (<paramref name="rpis"/>, in interval
    /// order): from the day stores of the span the scorer counts, and from the log's unapplied tail.
    /// </summary>
    public List<(uint Interval, Observation[] Observations)>? Sightings(DiagnosisKey key, ReadOnlySpan<byte> rpis, ProximityScorer scorer, Dictionary<Guid, List<Observation>> unapplied)
    {
        FindCandidates(key, rpis, scorer);
        List<(uint, Observation[])>? seen = null;
        var next = 0;
        for (var i = 0; i < key.RollingPeriod && (next < _candidates.Count || unapplied.Count > 0); i++)
        {
            var rpi = Rpi(rpis, i);
            _sink.Clear();
            for (; next < _candidates.Count && _candidates[next].Index == i; next++)
                _candidates[next].Day.CollectStored(rpi, ref _sink);
            if (unapplied.Count > 0 && unapplied.TryGetValue(new Guid(rpi), out var logged))
            {
                foreach (var observation in logged)
                    _sink.Add(observation);
            }
            // One sighting reported twice (in two batches, or read from the log's tail and from its day store after
            // the applier reached it) counts once.
            if (_sink.Count > 1)
                _sink.DropDuplicates();
            if (_sink.Count > 0)
                (seen ??= []).Add((key.RollingStartInterval + (uint)i, _sink.Observations.ToArray()));
        }
        return seen;
    }

    /// <summary>
    /// Fills <see cref="_candidates"/> with the (identifier, day) pairs whose day store may hold sightings that count,
    /// in identifier order: day by day over the key's span, the filter blocks of the identifiers whose counting span
    /// touches the day are asked for at once (their cache misses overlap), then tested.
    /// </summary>
    private void FindCandidates(DiagnosisKey key, ReadOnlySpan<byte> rpis, ProximityScorer scorer)
    {
        _candidates.Clear();
        // Counting spans move forward with the interval, so the identifiers a day's sightings can count for are a run.
        Span<long> firstDays = stackalloc long[key.RollingPeriod];
        Span<long> lastDays = stackalloc long[key.RollingPeriod];
        for (var i = 0; i < key.RollingPeriod; i++)
        {
            var (from, until) = scorer.CountingSpan(key.RollingStartInterval + (uint)i);
            (firstDays[i], lastDays[i]) = from <= until ? (Days.Of(from), Days.Of(until)) : (long.MaxValue, long.MinValue);
        }
        var start = firstDays.IndexOfAnyExcept(long.MaxValue);
        if (start < 0)
            return;
        for (var day = firstDays[start]; start < key.RollingPeriod; day++)
        {
            while (start < key.RollingPeriod && lastDays[start] < day)
                start++;
            var end = start;
            while (end < key.RollingPeriod && firstDays[end] <= day)
                end++;
            if (start == end || reader.Day(day) is not { } store)
                continue;
            for (var i = start; i < end; i++)
                store.Prefetch(Rpi(rpis, i));
            for (var i = start; i < end; i++)
            {
                if (store.MayHold(Rpi(rpis, i)))
                    _candidates.Add((i, store));
            }
        }
        _candidates.Sort(static (a, b) => a.Index.CompareTo(b.Index));
    }

    public void Dispose()
    {
        _deriver?.Dispose();
        _sink.Dispose();
        reader.Dispose();
    }

    private static ReadOnlySpan<byte> Rpi(ReadOnlySpan<byte> rpis, int i) => rpis.Slice(i * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength);
}
