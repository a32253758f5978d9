using System.Buffers.Binary;
using Tracing.Matching.Crypto;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Tracing;

namespace Tracing.Bench.Engine;

/// <summary>
/// The naive way, to compare the engine with: observations in a <c>Dictionary</c> keyed by identifier with a
/// <c>List</c> per key, visits in one <c>List</c>, and LINQ for both matches. Same rules as the engine (SPEC §2).
/// </summary>
internal sealed class NaiveBaseline(TracingRules rules)
{
    private readonly Dictionary<(ulong, ulong), List<Observation>> _sightings = [];
    private readonly List<Visit> _visits = [];

    public int Keys => _sightings.Count;

    /// <summary>Adds a batch under one lock (the dictionary is not thread-safe).</summary>
    public void Ingest(uint observer, IReadOnlyList<ReportedObservation> batch)
    {
        lock (_sightings)
        {
            foreach (var r in batch)
            {
                var observation = new Observation(
                    observer,
                    (uint)r.SeenAt.ToUnixTimeSeconds(),
                    (ushort)r.DurationSeconds,
                    (byte)Math.Clamp(r.TxPower - r.Rssi, 0, 255),
                    r.Aem.Length > 0 ? Observation.HasMetadata : (byte)0,
                    r.Aem.Length == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(r.Aem.Span) : 0);
                var key = KeyOf(r.Rpi.Span);
                if (!_sightings.TryGetValue(key, out var list))
                    _sightings[key] = list = [];
                list.Add(observation);
            }
        }
    }

    public void AddVisit(Visit visit)
    {
        lock (_visits)
            _visits.Add(visit);
    }

    public List<Observation>? SightingsOf(ReadOnlySpan<byte> rpi) => _sightings.GetValueOrDefault(KeyOf(rpi));

    /// <summary>Derives each key's identifiers, looks them up, and sums weighted minutes per observer-day with LINQ.</summary>
    public List<MatchedContact> ProximityContacts(uint source, IReadOnlyList<DiagnosisKey> keys, long from, long until)
    {
        var tolerance = (long)rules.IdentifierTolerance.TotalSeconds;
        var threshold = rules.MinimumWeightedMinutes * 60;
        var identifiers = keys.SelectMany(k =>
        {
            var bytes = new byte[k.RollingPeriod * ExposureKeyCrypto.IdentifierLength];
            ExposureKeyCrypto.DeriveIdentifiers(k.KeyData, k.RollingStartInterval, k.RollingPeriod, bytes);
            return Enumerable.Range(0, k.RollingPeriod).Select(i => (Key: KeyOf(bytes.AsSpan(i * 16, 16)), Interval: (long)k.RollingStartInterval + i));
        });
        return identifiers
            .Where(r => _sightings.ContainsKey(r.Key))
            .SelectMany(r => _sightings[r.Key], (r, o) => (r.Interval, Observation: o))
            .Where(x => x.Observation.SeenAt >= (x.Interval * 600) - tolerance
                && x.Observation.SeenAt < ((x.Interval + 1) * 600) + tolerance
                && x.Observation.SeenAt >= from && x.Observation.SeenAt <= until
                && x.Observation.Observer != source)
            .GroupBy(x => (x.Observation.Observer, Day: x.Observation.SeenAt / 86_400L))
            .Select(g => (g.Key.Observer,
                Start: g.Min(x => (long)x.Observation.SeenAt),
                End: g.Max(x => x.Observation.EndsAt),
                Seconds: g.Sum(x => x.Observation.DurationSeconds * rules.WeightOf(x.Observation.Attenuation))))
            .Where(g => g.Seconds >= threshold)
            .Select(g => new MatchedContact(g.Observer, 0, g.Start, g.End, g.Seconds / 60))
            .ToList();
    }

    /// <summary>The source's visits by a scan of the list, joined with every stored visit on the venue.</summary>
    public List<MatchedContact> VenueContacts(uint source, long from, long until)
    {
        var linger = (long)rules.Linger.TotalSeconds;
        var own = _visits
            .Where(v => v.Person == source && v.Overlaps(from, until))
            .Select(v => v with { Start = Math.Max(v.Start, from), End = Math.Min(v.End, until) })
            .ToList();
        return _visits
            .Join(own, o => o.Venue, s => s.Venue, (o, s) => (Other: o, Source: s))
            .Where(x => x.Other.Person != source && x.Other.Overlaps(x.Source.Start, x.Source.End + linger))
            .Select(x => new MatchedContact(
                x.Other.Person,
                x.Source.Venue,
                Math.Max(x.Other.Start, x.Source.Start),
                Math.Min(x.Other.End, x.Source.End + linger),
                (Math.Min(x.Other.End, x.Source.End + linger) - Math.Max(x.Other.Start, x.Source.Start)) / 60.0))
            .ToList();
    }

    private static (ulong, ulong) KeyOf(ReadOnlySpan<byte> rpi)
        => (BinaryPrimitives.ReadUInt64LittleEndian(rpi), BinaryPrimitives.ReadUInt64LittleEndian(rpi[8..]));
}
