using System.Threading.RateLimiting;
using Tracing.Server.Limits;

namespace Tracing.Server.Tests;

/// <summary>The fixed-window limiter behind the abuse limits, on its own: exact under contention, windows by the clock.</summary>
public sealed class ClockWindowRateLimiterTests
{
    private static readonly DateTimeOffset Noon = new(2021, 8, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Many_callers_at_once_get_exactly_the_permits_of_the_window()
    {
        using var limiter = new ClockWindowRateLimiter(100, TimeSpan.FromHours(1), new ManualClock(Noon));
        var granted = 0;
        await Parallel.ForAsync(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            using var lease = limiter.AttemptAcquire(i % 2 == 0 ? "0912000001" : "0912000002");
            if (lease.IsAcquired)
                Interlocked.Increment(ref granted);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(200, granted);
        Assert.Equal(0, limiter.GetStatistics("0912000001")!.CurrentAvailablePermits);
        Assert.Equal(100, limiter.GetStatistics("0912000003")!.CurrentAvailablePermits);
    }

    [Fact]
    public void A_refusal_says_how_long_until_the_window_turns_and_the_next_window_starts_afresh()
    {
        var clock = new ManualClock(Noon.AddMinutes(20));
        using var limiter = new ClockWindowRateLimiter(1, TimeSpan.FromHours(1), clock);
        Assert.True(limiter.AttemptAcquire("d").IsAcquired);

        using var refused = limiter.AttemptAcquire("d");
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var wait));
        Assert.Equal(TimeSpan.FromMinutes(40), wait);

        clock.Now = Noon.AddHours(1);
        Assert.True(limiter.AttemptAcquire("d").IsAcquired);
        // A clock set back does not reopen the earlier window's permits.
        clock.Now = Noon.AddMinutes(59);
        Assert.False(limiter.AttemptAcquire("d").IsAcquired);
    }
}
