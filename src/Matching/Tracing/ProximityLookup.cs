using System.Buffers;
using Tracing.Matching.Crypto;
using Tracing.Matching.Model;
using Tracing.Matching.Storage.Observations;

namespace Tracing.Matching.Tracing;

/// <summary>
/// One partition's share of a proximity match: the observers whose sightings in <see cref="ObservationStore"/> put
/// them near the holder of a case's keys, scored. Every acknowledged sighting counts: those the applier has not
/// reached yet are read from the log's tail rather than waited for.
/// </summary>
internal static class ProximityLookup
{
    private static readonly ParallelOptions s_lookupParallelism = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>The scored contacts of the observers held by <paramref name="observations"/> during [from, until).</summary>
    public static ProximityContact[] Run(ObservationStore observations, TracingRules rules, IReadOnlyList<DiagnosisKey> keys, long from, long until, uint source)
    {
        var scorer = new ProximityScorer(rules, from, until, source);
        var offsets = new int[keys.Count];
        for (var k = 1; k < keys.Count; k++)
            offsets[k] = offsets[k - 1] + keys[k - 1].RollingPeriod * ExposureKeyCrypto.IdentifierLength;
        var identifiers = ArrayPool<byte>.Shared.Rent(keys.Count * ExposureKeyCrypto.IntervalsPerKey * ExposureKeyCrypto.IdentifierLength);
        try
        {
            // When the applier lags, every identifier is derived first: the log's unapplied tail is searched for all
            // of them in one pass. Otherwise each worker derives the identifiers of the keys it looks up.
            var lagging = observations.HasUnapplied;
            var unapplied = lagging ? observations.UnappliedSightings(DeriveAll(keys, offsets, identifiers)) : [];
            // Deriving (an HKDF and an AES call per key) and looking up (which waits on memory) are spread over the
            // cores by key, each worker with a reader of its own; what they find is scored afterwards in key order.
            // The unapplied tail is taken before the day stores are read: what the applier adds meanwhile is seen
            // twice and counted once.
            var seen = new List<(uint Interval, Observation[] Observations)>?[keys.Count];
            Parallel.For(
                0,
                keys.Count,
                s_lookupParallelism,
                () => new KeyLookup(observations.OpenReader()),
                (k, _, lookup) =>
                {
                    var rpis = identifiers.AsSpan(offsets[k], keys[k].RollingPeriod * ExposureKeyCrypto.IdentifierLength);
                    if (!lagging)
                        lookup.Derive(keys[k], rpis);
                    seen[k] = lookup.Sightings(keys[k], rpis, scorer, unapplied);
                    return lookup;
                },
                lookup => lookup.Dispose());
            for (var k = 0; k < keys.Count; k++)
            {
                foreach (var (interval, sightings) in seen[k] ?? [])
                    scorer.Add(interval, sightings);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(identifiers);
        }
        return [.. scorer.Contacts()];
    }

    /// <summary>Derives every key's identifiers into <paramref name="identifiers"/> at its offset; returns them as a set.</summary>
    private static HashSet<Guid> DeriveAll(IReadOnlyList<DiagnosisKey> keys, int[] offsets, byte[] identifiers)
    {
        var all = new HashSet<Guid>();
        using var deriver = new IdentifierDeriver();
        for (var k = 0; k < keys.Count; k++)
        {
            var rpis = identifiers.AsSpan(offsets[k], keys[k].RollingPeriod * ExposureKeyCrypto.IdentifierLength);
            deriver.DeriveIdentifiers(keys[k].KeyData, keys[k].RollingStartInterval, keys[k].RollingPeriod, rpis);
            for (var i = 0; i < keys[k].RollingPeriod; i++)
                all.Add(new Guid(rpis.Slice(i * ExposureKeyCrypto.IdentifierLength, ExposureKeyCrypto.IdentifierLength)));
        }
        return all;
    }
}
