namespace Tracing.Cli.Simulation;

/// <summary>
/// How people with the app use the QR code at the door: scan in on arrival (unless they skip it), scan out on
/// leaving (unless they forget), each scan stamped by their phone's skewed clock. People without the app leave no scan.
/// </summary>
internal static class DoorBehaviour
{
    /// <summary>The scans made during <paramref name="stays"/> (at venues), appended to <paramref name="scans"/>.</summary>
    public static void AddScans(City city, List<Stay> stays, List<PlannedScan> scans, Random random)
    {
        foreach (var stay in stays)
        {
            var person = city.People[stay.Person];
            if (!stay.AtVenue || !person.HasApp || random.NextDouble() < person.SkipsCheckIn)
                continue;
            scans.Add(new PlannedScan(stay.Person, stay.Place, In: true, stay.Start + person.ClockSkewSeconds));
            if (random.NextDouble() >= person.ForgetsCheckOut)
                scans.Add(new PlannedScan(stay.Person, stay.Place, In: false, stay.End + person.ClockSkewSeconds));
        }
    }
}
