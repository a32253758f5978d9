namespace Tracing.Cli.Simulation;

/// <summary>The size and shape of a simulated city, and when its days lie.</summary>
/// <param name="People">Inhabitants, with and without phones.</param>
/// <param name="Days">Simulated days, the last one ending at <paramref name="End"/>.</param>
/// <param name="Seed">Seed of every random choice: the same seed gives the same city, schedules, encounters and outbreak.</param>
/// <param name="SeedCases">Infected people at the start, reported in the first days.</param>
/// <param name="End">The end of the last simulated day: a midnight in Vietnam's time, at or before now.</param>
internal sealed record SimulationOptions(int People, int Days, int Seed, int SeedCases, DateTimeOffset End)
{
    /// <summary>The most days: keys cover 14 days and everything must lie within the server's retention.</summary>
    public const int MaxDays = 14;

    /// <summary>Vietnam's offset from UTC: schedules follow local clocks.</summary>
    public static readonly TimeSpan LocalOffset = TimeSpan.FromHours(7);

    /// <summary>The first instant of the first simulated day.</summary>
    public DateTimeOffset Start => End.AddDays(-Days);

    /// <summary>The midnight (Vietnam's time) that ends the last full local day before <paramref name="now"/>.</summary>
    public static DateTimeOffset LastMidnightBefore(DateTimeOffset now)
    {
        var local = now.ToOffset(LocalOffset);
        return new DateTimeOffset(local.Date, LocalOffset);
    }
}
