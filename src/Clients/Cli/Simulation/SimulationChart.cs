using System.Globalization;
using ScottPlot;

namespace Tracing.Cli.Simulation;

/// <summary>
/// The PNG chart of a run: new infections and reported cases per simulated day on the left axis, the F1 and F2
/// alerts the server sent (by the day the exposure began) on the right axis, which is usually a hundred times larger.
/// </summary>
internal static class SimulationChart
{
    /// <summary>Draws <paramref name="series"/>, whose first day starts at <paramref name="firstDay"/>, into a PNG at <paramref name="path"/> (900 × 500 pixels).</summary>
    public static void Save(DailySeries series, DateTimeOffset firstDay, string title, string path)
    {
        var plot = new Plot();
        var days = Enumerable.Range(1, series.Infections.Length).Select(d => (double)d).ToArray();
        Add(plot, days, series.Infections, "new infections (truth)", plot.Axes.Left);
        Add(plot, days, series.CasesReported, "cases reported", plot.Axes.Left);
        Add(plot, days, series.F1Alerts, "F1 alerts (right axis)", plot.Axes.Right);
        Add(plot, days, series.F2Alerts, "F2 alerts (right axis)", plot.Axes.Right);
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = "simulated day (Vietnam date)";
        plot.Axes.Left.Label.Text = "infections, cases";
        plot.Axes.Right.Label.Text = "alerts";
        var labels = days.Select(d => firstDay.ToOffset(SimulationOptions.LocalOffset).AddDays(d - 1).ToString("dd/MM", CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.SetTicks(days, labels);
        plot.Axes.SetLimitsX(0.5, days.Length + 0.5);
        plot.Axes.SetLimitsY(0, Top(series.Infections, series.CasesReported), plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Top(series.F1Alerts, series.F2Alerts), plot.Axes.Right);
        plot.ShowLegend(Alignment.UpperLeft);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        plot.SavePng(path, 900, 500);
    }

    private static void Add(Plot plot, double[] days, int[] counts, string label, IYAxis axis)
    {
        var scatter = plot.Add.Scatter(days, counts.Select(c => (double)c).ToArray());
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
        scatter.Axes.YAxis = axis;
    }

    private static double Top(int[] a, int[] b) => Math.Max(1, Math.Max(a.DefaultIfEmpty().Max(), b.DefaultIfEmpty().Max())) * 1.15;
}
