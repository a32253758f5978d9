using Tracing.Matching.Crypto;
using Tracing.Matching.Model;
using Tracing.Matching.Storage.Observations;

namespace Tracing.Matching.Tracing;

/// <summary>
/// One worker's lookups of a case's identifiers: its own reader of the day stores and its own buffer, on one thread
/// (dispose it on the thread that made it).
/// </summary>
internal sealed class KeyLookup(ObservationReader reader) : IDisposable
{
    private SightingSink _sink;

    /// <summary>
    /// The sightings that can count of each identifier of <paramref name="key"/> (<paramref name="rpis"/>, in interval
    /// order): from the day stores of the span the scorer counts, and from the log's unapplied tail.
    /// </summary>
    public List<(uint Interval, Observation[] Observations)>? Sightings(DiagnosisKey key, ReadOnlySpan<byte> rpis, ProximityScorer scorer, Dictionary<Guid, List<Observation>> unapplied)
    {
        // First ask for all the key's filter blocks, so their cache misses overlap; then look each identifier up.
        // Only sightings that can count are wanted, so only the days of their span are read.
        for (var i = 0; i < key.RollingPeriod; i++)
        {
            var (seenFrom, seenUntil) = scorer.CountingSpan(key.RollingStartInterval + (uint)i);
            if (seenFrom <= seenUntil)
                reader.Prefetch(Rpi(rpis, i), seenFrom, seenUntil);
        }
        List<(uint, Observation[])>? seen = null;
        for (var i = 0; i < key.RollingPeriod; i++)
        {
            var interval = key.RollingStartInterval + (uint)i;
            var (seenFrom, seenUntil) = scorer.CountingSpan(interval);
            if (seenFrom > seenUntil)
                continue;
            var rpi = Rpi(rpis, i);
            _sink.Clear();
            reader.Collect(rpi, seenFrom, seenUntil, ref _sink);
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
                (seen ??= []).Add((interval, _sink.Observations.ToArray()));
        }
        return seen;
    }

    public void Dispose()
    {
        _sink.Dispose();
        reader.Dispose();
    }

    private static ReadOnlySpan<byte> Rpi(ReadOnlySpan<byte> rpis, int i) => rpis.Slice(i * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength);
}
