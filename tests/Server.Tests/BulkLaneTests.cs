using System.Globalization;
using Tracing.Server.Grpc;

namespace Tracing.Server.Tests;

/// <summary>
/// Contact uploads run on the bulk lane so that a case report, served on the thread pool, never queues behind them:
/// the lane's threads are its own and of lower priority, and a server that stops still finishes the uploads under way.
/// </summary>
public sealed class BulkLaneTests
{
    [Fact]
    public async Task Work_entering_the_lane_runs_on_a_lane_thread_of_lower_priority()
    {
        using var lane = new BulkLane();
        var (name, niceness, poolThread) = await OnLaneAsync(lane);
        Assert.Equal("bulk lane", name);
        Assert.False(poolThread);
        if (OperatingSystem.IsLinux())
            Assert.Equal(BulkLane.Niceness, niceness);
    }

    [Fact]
    public async Task Work_entering_a_stopped_lane_still_runs()
    {
        var lane = new BulkLane();
        lane.Dispose();
        var (name, _, poolThread) = await OnLaneAsync(lane).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual("bulk lane", name);
        Assert.True(poolThread);
    }

    private static async ValueTask<(string? Name, int Niceness, bool PoolThread)> OnLaneAsync(BulkLane lane)
    {
        await Task.Yield();
        await lane.Enter();
        return (Thread.CurrentThread.Name, OperatingSystem.IsLinux() ? OwnNiceness() : 0, Thread.CurrentThread.IsThreadPoolThread);
    }

    /// <summary>The calling thread's niceness: field 19 of <c>/proc/thread-self/stat</c>.</summary>
    private static int OwnNiceness()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }
}
