using Tracing.Cli.Simulation;

namespace Tracing.Clients.Tests;

/// <summary>The simulation chart counts people: its axes tick at whole numbers, written as Vietnamese write them.</summary>
public sealed class SimulationChartTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(47)]
    [InlineData(1234)]
    [InlineData(98_765)]
    public void Count_axes_tick_at_whole_numbers_from_zero_past_the_largest_count(int largest)
    {
        var (positions, labels) = CountTicks.For(largest);

        Assert.Equal(0, positions[0]);
        Assert.True(positions[^1] >= largest);
        Assert.All(positions, p => Assert.Equal(Math.Round(p), p));
        Assert.InRange(positions.Length, 2, 8);
        Assert.Equal(positions.Length, positions.Distinct().Count());
    }

    [Fact]
    public void Thousands_are_written_with_a_dot()
    {
        var (positions, labels) = CountTicks.For(1234);

        Assert.Equal([0, 500, 1000, 1500], positions);
        Assert.Equal(["0", "500", "1.000", "1.500"], labels);
    }

    [Fact]
    public void The_chart_is_drawn_with_its_Vietnamese_legend()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tracing-chart-{Guid.NewGuid():N}.png");
        try
        {
            var series = new DailySeries([0, 2, 5], [0, 1, 2], [0, 40, 130], [0, 0, 12]);
            SimulationChart.Save(series, DateTimeOffset.UtcNow.AddDays(-3), "Mô phỏng truy vết: 250 người, 3 ngày", path);

            Assert.True(new FileInfo(path).Length > 5_000);
            Assert.All(SimulationChart.SeriesNames, name => Assert.DoesNotMatch("alerts|cases|infections", name));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
