namespace Tracing.Cli.Simulation;

/// <summary>
/// The proximity F1s the server should find from exactly what the phones uploaded (measured attenuations, skewed
/// clocks), by the SPEC's rules: per listener and UTC day of <c>seen_at</c>, minutes of the case's identifiers inside
/// its infectious window weighted by attenuation, 15 or more making an F1. Unlike the ground truth, this checks the
/// server's matching, not the physics: the two sets should be equal.
/// </summary>
internal static class UploadReplay
{
    /// <summary>The people the reported cases of <paramref name="simulated"/> expose by proximity, judged from the uploads.</summary>
    public static HashSet<int> ProximityF1(SimulatedCity simulated)
    {
        var cases = simulated.Cases.ToDictionary(c => c.Person);
        var until = simulated.Options.End.ToUnixTimeSeconds();
        var tallies = new Dictionary<(int Case, int Listener, long Day), double>();
        foreach (var sighting in simulated.Sightings)
        {
            if (!cases.TryGetValue(sighting.Broadcaster, out var source))
                continue;
            var seenAt = sighting.Start + simulated.City.People[sighting.Listener].ClockSkewSeconds;
            if (seenAt < source.InfectiousFrom || seenAt > until)
                continue;
            var key = (source.Person, sighting.Listener, Math.DivRem(seenAt, 86_400, out var remainder) - (remainder < 0 ? 1 : 0));
            tallies[key] = tallies.GetValueOrDefault(key) + (sighting.Seconds * ContactRules.WeightOf(sighting.Attenuation));
        }

        return tallies.Where(t => t.Value >= ContactRules.MinimumWeightedMinutes * 60).Select(t => t.Key.Listener).ToHashSet();
    }
}
