using System.Globalization;
using ScottPlot;

namespace Tracing.Cli.Simulation;

/// <summary>
/// The PNG chart of a run, labelled in Vietnamese: new infections and reported cases per simulated day on the left
/// axis, the F1 and F2 alerts the server sent (by the day the exposure began) on the right axis, which is usually a
/// hundred times larger. Both axes count people, so their ticks are whole numbers.
/// </summary>
internal static class SimulationChart
{
    /// <summary>The legend's names of the four series, in the order drawn.</summary>
    public static readonly string[] SeriesNames = ["Ca nhiễm mới (thực tế)", "Ca bệnh được báo cáo", "Cảnh báo F1 (trục phải)", "Cảnh báo F2 (trục phải)"];

    /// <summary>Draws <paramref name="series"/>, whose first day starts at <paramref name="firstDay"/>, into a PNG at <paramref name="path"/> (900 × 500 pixels).</summary>
    public static void Save(DailySeries series, DateTimeOffset firstDay, string title, string path)
    {
        var plot = new Plot();
        var days = Enumerable.Range(1, series.Infections.Length).Select(d => (double)d).ToArray();
        Add(plot, days, series.Infections, SeriesNames[0], plot.Axes.Left);
        Add(plot, days, series.CasesReported, SeriesNames[1], plot.Axes.Left);
        Add(plot, days, series.F1Alerts, SeriesNames[2], plot.Axes.Right);
        Add(plot, days, series.F2Alerts, SeriesNames[3], plot.Axes.Right);
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = "Ngày mô phỏng (ngày theo giờ Việt Nam, GMT+7)";
        plot.Axes.Left.Label.Text = "Số người (ca nhiễm, ca bệnh)";
        plot.Axes.Right.Label.Text = "Số cảnh báo";
        var labels = days.Select(d => firstDay.ToOffset(SimulationOptions.LocalOffset).AddDays(d - 1).ToString("dd/MM", CultureInfo.InvariantCulture)).ToArray();
        plot.Axes.Bottom.SetTicks(days, labels);
        plot.Axes.SetLimitsX(0.5, days.Length + 0.5);
        Counts(plot, plot.Axes.Left, Top(series.Infections, series.CasesReported));
        Counts(plot, plot.Axes.Right, Top(series.F1Alerts, series.F2Alerts));
        plot.ShowLegend(Alignment.UpperLeft);
        // A font with Vietnamese letters (DejaVu Sans on Debian), whatever the machine's default is.
        plot.Font.Set(Fonts.Detect(string.Join(' ', [title, .. SeriesNames, plot.Axes.Bottom.Label.Text])));
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        plot.SavePng(path, 900, 500);
    }

    private static void Counts(Plot plot, IYAxis axis, int largest)
    {
        var (positions, labels) = CountTicks.For(largest);
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.SetLimitsY(0, Math.Max(positions[^1], largest * 1.15), axis);
    }

    private static void Add(Plot plot, double[] days, int[] counts, string label, IYAxis axis)
    {
        var scatter = plot.Add.Scatter(days, counts.Select(c => (double)c).ToArray());
        scatter.LegendText = label;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
        scatter.Axes.YAxis = axis;
    }

    private static int Top(int[] a, int[] b) => Math.Max(1, Math.Max(a.DefaultIfEmpty().Max(), b.DefaultIfEmpty().Max()));
}
