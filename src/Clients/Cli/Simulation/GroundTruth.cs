namespace Tracing.Cli.Simulation;

/// <summary>
/// Who the reported cases truly exposed, by the SPEC's rules applied to what really happened (true visits, true
/// distances and times, everyone, with a phone or not): F1 shared a venue with a case (overlap with the case's
/// visit extended by the linger) or reached the weighted minutes near it on one UTC day, inside the case's
/// infectious window; F2 met an F1 the same ways after the F1's own exposure. A person counts once, at the
/// strongest tier.
/// </summary>
internal sealed class GroundTruth
{
    private const long Day = 86_400;
    private readonly Dictionary<int, List<Stay>> _visitsByPerson = [];
    private readonly Dictionary<int, List<Stay>> _visitsByVenue = [];
    private readonly Dictionary<int, List<ProximityContribution>> _contributionsBySource = [];

    private GroundTruth(IEnumerable<Stay> visits, IEnumerable<ProximityContribution> contributions)
    {
        foreach (var visit in visits)
        {
            Add(_visitsByPerson, visit.Person, visit);
            Add(_visitsByVenue, visit.Place, visit);
        }

        foreach (var contribution in contributions)
            Add(_contributionsBySource, contribution.Source, contribution);
    }

    /// <summary>The true F1s and how they were exposed.</summary>
    public Dictionary<int, ContactKinds> F1 { get; } = [];

    /// <summary>The true F2s (not also F1) and how they were exposed.</summary>
    public Dictionary<int, ContactKinds> F2 { get; } = [];

    /// <summary>The truth of <paramref name="cases"/>, whose infectious windows close at <paramref name="until"/> (unix seconds).</summary>
    public static GroundTruth Compute(IEnumerable<ReportedCase> cases, IEnumerable<Stay> visits, IEnumerable<ProximityContribution> contributions, long until)
    {
        var truth = new GroundTruth(visits, contributions);
        foreach (var source in cases)
        {
            var exclude = new HashSet<int> { source.Person };
            var direct = truth.ContactsOf(source.Person, source.InfectiousFrom, until, exclude);
            foreach (var (person, (_, kinds)) in direct)
            {
                Merge(truth.F1, person, kinds);
                exclude.Add(person);
            }

            foreach (var (person, (exposedAt, _)) in direct)
            {
                if (exposedAt >= until)
                    continue;
                foreach (var (second, (_, kinds)) in truth.ContactsOf(person, exposedAt, until, exclude))
                    Merge(truth.F2, second, kinds);
            }
        }

        foreach (var person in truth.F1.Keys)
            truth.F2.Remove(person);
        return truth;
    }

    /// <summary>Who <paramref name="source"/> exposed during [from, until): each with the earliest exposure and its kinds.</summary>
    private Dictionary<int, (long ExposedAt, ContactKinds Kinds)> ContactsOf(int source, long from, long until, HashSet<int> exclude)
    {
        var found = new Dictionary<int, (long, ContactKinds)>();
        foreach (var visit in _visitsByPerson.GetValueOrDefault(source) ?? [])
        {
            if (!visit.Overlaps(from, until))
                continue;
            var start = Math.Max(visit.Start, from);
            var windowEnd = Math.Min(visit.End, until) + ContactRules.LingerSeconds;
            foreach (var other in _visitsByVenue[visit.Place])
            {
                if (other.Person != source && !exclude.Contains(other.Person) && other.Overlaps(start, windowEnd))
                    Note(found, other.Person, Math.Max(other.Start, start), ContactKinds.Venue);
            }
        }

        var tallies = new Dictionary<(int Exposed, long Day), (long Start, double WeightedSeconds)>();
        foreach (var contribution in _contributionsBySource.GetValueOrDefault(source) ?? [])
        {
            if (contribution.Start < from || contribution.Start >= until || exclude.Contains(contribution.Exposed))
                continue;
            var key = (contribution.Exposed, contribution.Start / Day);
            var tally = tallies.GetValueOrDefault(key, (long.MaxValue, 0));
            tallies[key] = (Math.Min(tally.Start, contribution.Start), tally.WeightedSeconds + (contribution.Seconds * contribution.Weight));
        }

        foreach (var ((exposed, _), (start, weightedSeconds)) in tallies)
        {
            if (weightedSeconds >= ContactRules.MinimumWeightedMinutes * 60)
                Note(found, exposed, start, ContactKinds.Proximity);
        }

        return found;
    }

    private static void Note(Dictionary<int, (long ExposedAt, ContactKinds Kinds)> found, int person, long at, ContactKinds kind)
    {
        found[person] = found.TryGetValue(person, out var known) ? (Math.Min(known.ExposedAt, at), known.Kinds | kind) : (at, kind);
    }

    private static void Merge(Dictionary<int, ContactKinds> tier, int person, ContactKinds kinds) =>
        tier[person] = tier.GetValueOrDefault(person) | kinds;

    private static void Add<T>(Dictionary<int, List<T>> index, int key, T item)
    {
        if (!index.TryGetValue(key, out var list))
            index[key] = list = [];
        list.Add(item);
    }
}
