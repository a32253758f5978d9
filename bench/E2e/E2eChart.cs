using ScottPlot;

namespace Tracing.Bench.E2e;

/// <summary>The run's chart: observations acknowledged over time on both sides, and the server's case matches meanwhile.</summary>
internal static class E2eChart
{
    public static void Save(string path, ContactFigures server, IReadOnlyList<(double Seconds, long Observations)> postgres)
    {
        var plot = new Plot();
        plot.Title("Bluetooth observations acknowledged: server (gRPC) vs PostgreSQL 15 (COPY)");
        var ours = plot.Add.Scatter(server.Acknowledged.Select(a => a.Seconds).ToArray(), server.Acknowledged.Select(a => a.Observations / 1e6).ToArray());
        ours.LegendText = "server, UploadContacts";
        ours.MarkerSize = 0;
        var theirs = plot.Add.Scatter(postgres.Select(a => a.Seconds).ToArray(), postgres.Select(a => a.Observations / 1e6).ToArray());
        theirs.LegendText = "PostgreSQL 15, binary COPY";
        theirs.MarkerSize = 0;
        if (server.MatchWhileIngesting.Count > 0)
        {
            var matches = plot.Add.ScatterPoints(server.MatchWhileIngesting.Select(m => m.Seconds).ToArray(), server.MatchWhileIngesting.Select(m => m.Milliseconds).ToArray());
            matches.Axes.YAxis = plot.Axes.Right;
            matches.LegendText = "server: one case matched (UploadDiagnosisKeys), ms, right axis";
            plot.Axes.Right.Label.Text = "case match latency (ms)";
            plot.Axes.SetLimitsY(0, server.MatchWhileIngesting.Max(m => m.Milliseconds) * 1.1, plot.Axes.Right);
        }
        plot.XLabel("seconds since the load began");
        plot.YLabel("observations acknowledged (millions)");
        plot.ShowLegend(Alignment.LowerRight);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, 1100, 600);
    }
}
