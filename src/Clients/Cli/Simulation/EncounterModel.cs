namespace Tracing.Cli.Simulation;

/// <summary>
/// Turns a day's stays into encounters: people in the same room in the same 10-minute interval, at the distance
/// between their positions. Each encounter yields what each phone heard (measured by <see cref="RssiModel"/>, only
/// phones with the app, only above the receiver's sensitivity), the truth (true distance and time) and a chance of
/// infection.
/// </summary>
internal sealed class EncounterModel(City city, Outbreak outbreak, Random random)
{
    /// <summary>Seconds per Bluetooth identifier interval (GAEN: 10 minutes).</summary>
    public const int IntervalSeconds = 600;

    /// <summary>Infection hazard per minute at 1 m or closer; it falls with the square of the distance beyond.</summary>
    public const double TransmissionPerMinute = 0.0015;

    /// <summary>Beyond this true path loss two people neither hear each other nor meaningfully share air, dB.</summary>
    private const double IgnoredLoss = 90;

    /// <summary>Bluetooth sightings, one per listener, broadcaster and interval.</summary>
    public List<Sighting> Sightings { get; } = [];

    /// <summary>True proximity with a non-zero weight, in both directions.</summary>
    public List<ProximityContribution> Contributions { get; } = [];

    /// <summary>Encounters that were counted (pairs in range per interval), for the summary.</summary>
    public long Encounters { get; private set; }

    /// <summary>Adds the encounters among <paramref name="stays"/> (one day's).</summary>
    public void AddDay(List<Stay> stays)
    {
        var rooms = new SortedDictionary<(VenueCategory Category, int Place, int Zone), List<Stay>>();
        foreach (var stay in stays)
        {
            var key = (stay.Category, stay.Place, stay.Zone);
            if (!rooms.TryGetValue(key, out var list))
                rooms[key] = list = [];
            list.Add(stay);
        }

        foreach (var (key, occupants) in rooms)
        {
            if (occupants.Count > 1)
                AddRoom(PlaceProfile.Of(key.Category), occupants);
        }
    }

    private void AddRoom(PlaceProfile profile, List<Stay> occupants)
    {
        var first = occupants.Min(s => s.Start) / IntervalSeconds * IntervalSeconds;
        var last = occupants.Max(s => s.End);
        var present = new List<(Stay Stay, long From, long Until, double X, double Y)>();
        for (var slot = first; slot < last; slot += IntervalSeconds)
        {
            present.Clear();
            foreach (var stay in occupants)
            {
                var from = Math.Max(stay.Start, slot);
                var until = Math.Min(stay.End, slot + IntervalSeconds);
                if (until <= from)
                    continue;
                var (x, y) = profile.Moving ? (random.NextDouble() * profile.Width, random.NextDouble() * profile.Depth) : (stay.X, stay.Y);
                present.Add((stay, from, until, x, y));
            }

            for (var i = 0; i < present.Count; i++)
            {
                for (var j = i + 1; j < present.Count; j++)
                    Meet(present[i], present[j]);
            }
        }
    }

    private void Meet((Stay Stay, long From, long Until, double X, double Y) a, (Stay Stay, long From, long Until, double X, double Y) b)
    {
        var from = Math.Max(a.From, b.From);
        var until = Math.Min(a.Until, b.Until);
        if (until <= from || a.Stay.Person == b.Stay.Person)
            return;
        var distance = Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
        var loss = RssiModel.PathLoss(distance);
        if (loss > IgnoredLoss)
            return;
        Encounters++;
        var seconds = (int)(until - from);
        var weight = ContactRules.WeightOf(loss);
        if (weight > 0)
        {
            Contributions.Add(new ProximityContribution(a.Stay.Person, b.Stay.Person, from, seconds, weight));
            Contributions.Add(new ProximityContribution(b.Stay.Person, a.Stay.Person, from, seconds, weight));
        }

        Hear(b.Stay, a.Stay, from, seconds, distance);
        Hear(a.Stay, b.Stay, from, seconds, distance);
        Transmit(a.Stay.Person, b.Stay.Person, from, seconds, distance);
        Transmit(b.Stay.Person, a.Stay.Person, from, seconds, distance);
    }

    private void Hear(Stay listener, Stay broadcaster, long from, int seconds, double distance)
    {
        if (!city.People[listener.Person].HasApp || !city.People[broadcaster.Person].HasApp)
            return;
        var attenuation = RssiModel.MeasuredAttenuation(distance, listener.CarryLoss, broadcaster.CarryLoss, random);
        if (attenuation <= RssiModel.HearingLimit)
            Sightings.Add(new Sighting(listener.Person, broadcaster.Person, from, seconds, attenuation));
    }

    private void Transmit(int source, int exposed, long from, int seconds, double distance)
    {
        if (!outbreak.IsInfectious(source, from) || !outbreak.IsSusceptible(exposed))
            return;
        var closeness = Math.Min(1.0, 1.0 / (distance * distance));
        var hazard = TransmissionPerMinute * seconds / 60.0 * closeness;
        if (random.NextDouble() < 1 - Math.Exp(-hazard))
            outbreak.Infect(exposed, from + seconds / 2, random);
    }
}
