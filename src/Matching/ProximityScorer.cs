using Tracing.Matching.Crypto;
using Tracing.Matching.Internal;
using Tracing.Matching.Model;

namespace Tracing.Matching;

/// <summary>An observer whose weighted minutes near a source on one day reached the threshold.</summary>
public readonly record struct ProximityContact(uint Observer, long Day, long Start, long End, double WeightedMinutes);

/// <summary>
/// Proximity exposure (SPEC §2): every observation of the source's identifiers whose time lies within the
/// identifier's interval ± the tolerance (and inside the infectious window) counts; per observer and UTC day,
/// minutes are weighted by attenuation, and reaching the threshold makes the observer a contact.
/// </summary>
public sealed class ProximityScorer(TracingRules rules, long windowStart, long windowEnd, uint source)
{
    private readonly Dictionary<(uint Observer, long Day), Tally> _tallies = [];
    private readonly long _tolerance = (long)rules.IdentifierTolerance.TotalSeconds;

    /// <summary>
    /// When a sighting of the identifier broadcast in <paramref name="interval"/> counts (unix seconds, both
    /// ends included): the interval widened by the tolerance, inside the infectious window.
    /// </summary>
    public (long From, long Until) CountingSpan(uint interval) => (
        Math.Max(windowStart, (long)interval * ExposureKeyCrypto.IntervalSeconds - _tolerance),
        Math.Min(windowEnd, ((long)interval + 1) * ExposureKeyCrypto.IntervalSeconds + _tolerance - 1));

    /// <summary>Counts the observations of the identifier broadcast in interval <paramref name="interval"/>.</summary>
    public void Add(uint interval, ReadOnlySpan<Observation> observations)
    {
        var (from, until) = CountingSpan(interval);
        foreach (ref readonly var observation in observations)
        {
            long seen = observation.SeenAt;
            if (seen < from || seen > until || observation.Observer == source)
                continue;
            var weight = rules.WeightOf(observation.Attenuation);
            var key = (observation.Observer, Days.Of(seen));
            _tallies.TryGetValue(key, out var tally);
            // Weighted seconds, not minutes: whole seconds times the usual weights add up exactly.
            _tallies[key] = tally.With(seen, observation.EndsAt, observation.DurationSeconds * weight);
        }
    }

    /// <summary>The observer-days that reached the threshold.</summary>
    public List<ProximityContact> Contacts()
    {
        var contacts = new List<ProximityContact>();
        foreach (var ((observer, day), tally) in _tallies)
        {
            if (tally.WeightedSeconds >= rules.MinimumWeightedMinutes * 60)
                contacts.Add(new ProximityContact(observer, day, tally.Start, tally.End, tally.WeightedSeconds / 60));
        }
        contacts.Sort(static (a, b) => (a.Observer, a.Day).CompareTo((b.Observer, b.Day)));
        return contacts;
    }

    private readonly record struct Tally(long Start, long End, double WeightedSeconds, bool Any)
    {
        public Tally With(long start, long end, double seconds)
            => Any
                ? new Tally(Math.Min(Start, start), Math.Max(End, end), WeightedSeconds + seconds, true)
                : new Tally(start, end, seconds, true);
    }
}
