using ScottPlot;

namespace Tracing.Cli.Simulation;

/// <summary>The PNG chart of a run: infections, reported cases and F1 / F2 alerts per simulated day.</summary>
internal static class SimulationChart
{
    /// <summary>Draws <paramref name="series"/> into a PNG at <paramref name="path"/> (900 × 500 pixels).</summary>
    public static void Save(DailySeries series, string title, string path)
    {
        var plot = new Plot();
        var days = Enumerable.Range(1, series.Infections.Length).Select(d => (double)d).ToArray();
        Add(plot, days, series.Infections, "new infections (truth)");
        Add(plot, days, series.CasesReported, "cases reported");
        Add(plot, days, series.F1Alerts, "F1 alerts");
        Add(plot, days, series.F2Alerts, "F2 alerts");
        plot.Title(title);
        plot.XLabel("simulated day");
        plot.YLabel("count");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimitsX(0.5, series.Infections.Length + 0.5);
        plot.Axes.SetLimitsY(0, Math.Max(1, new[] { series.Infections, series.CasesReported, series.F1Alerts, series.F2Alerts }.Max(s => s.DefaultIfEmpty().Max())) * 1.1);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        plot.SavePng(path, 900, 500);
    }

    private static void Add(Plot plot, double[] days, int[] counts, string label)
    {
        var scatter = plot.Add.Scatter(days, counts.Select(c => (double)c).ToArray());
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
    }
}
