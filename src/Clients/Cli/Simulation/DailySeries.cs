namespace Tracing.Cli.Simulation;

/// <summary>Counts per simulated day (index 0 is day 1): new infections, cases reported, and alerts by the day the exposure began.</summary>
/// <param name="Infections">True new infections.</param>
/// <param name="CasesReported">Cases reported to the health department.</param>
/// <param name="F1Alerts">F1 exposures the server notified, by the day they began.</param>
/// <param name="F2Alerts">F2 exposures the server notified, by the day they began.</param>
internal sealed record DailySeries(int[] Infections, int[] CasesReported, int[] F1Alerts, int[] F2Alerts)
{
    /// <summary>Empty series of <paramref name="days"/> days.</summary>
    public static DailySeries Empty(int days) => new(new int[days], new int[days], new int[days], new int[days]);

    /// <summary>Adds one to <paramref name="series"/> on the day of <paramref name="at"/> (unix seconds) counted from <paramref name="start"/>; times outside are clamped to the first or last day.</summary>
    public static void Count(int[] series, long start, long at)
    {
        var day = (int)Math.Clamp(Math.Floor((at - start) / 86_400.0), 0, series.Length - 1);
        series[day]++;
    }
}
