namespace Tracing.Cli.Simulation;

/// <summary>
/// Runs a city day by day without any server: schedules, encounters, infections, scans. Everything follows from
/// <see cref="SimulationOptions.Seed"/>; only the absolute times depend on <see cref="SimulationOptions.End"/>.
/// Day 1 is a Monday of the simulated calendar, so days 6 and 7 are a weekend.
/// </summary>
internal static class CitySimulation
{
    /// <summary>Simulates the city of <paramref name="options"/>; <paramref name="track"/> may wrap the list of days (a progress bar).</summary>
    public static SimulatedCity Run(SimulationOptions options, Func<IReadOnlyList<int>, IEnumerable<int>>? track = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Days, SimulationOptions.MaxDays);
        var random = new Random(options.Seed);
        var city = CityBuilder.Build(options.People, random);
        var outbreak = new Outbreak(city);
        var start = options.Start.ToUnixTimeSeconds();
        var end = options.End.ToUnixTimeSeconds();
        outbreak.Seed(options.SeedCases, start, options.Days, random);

        var encounters = new EncounterModel(city, outbreak, random);
        var visits = new List<Stay>();
        var scans = new List<PlannedScan>();
        var days = Enumerable.Range(0, options.Days).ToList();
        foreach (var day in track is null ? days : track(days))
        {
            var dayStart = start + (day * 86_400L);
            var stays = ScheduleBuilder.PlanDay(city, dayStart, weekend: day % 7 >= 5, person => outbreak.IsIsolated(person, dayStart), random);
            encounters.AddDay(stays);
            visits.AddRange(stays.Where(s => s.AtVenue));
            DoorBehaviour.AddScans(city, stays, scans, random);
        }

        return new SimulatedCity(options, city, outbreak, visits, scans, encounters.Sightings, encounters.Contributions, encounters.Encounters, outbreak.ReportedBefore(end));
    }
}
