using Tracing.Matching.Storage;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// A backup's hold on the stores' upkeep: it waits for the step under way, and upkeep waits until every hold is
/// released — two backups, or a cluster's owner holding its own process and the partitions open on it.
/// </summary>
public sealed class StoreUpkeepTests
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Upkeep_waits_until_the_last_of_several_holds_is_released_and_a_hold_waits_for_the_step_under_way()
    {
        var step = await StoreUpkeep.EnterAsync();
        var first = StoreUpkeep.HoldAsync(CancellationToken.None);
        await Task.Delay(s_settle);
        Assert.False(first.IsCompleted, "a hold did not wait for the checkpoint under way");
        step.Dispose();
        var held = await first;

        // Already held and idle: a second hold is granted at once, and both must go before upkeep resumes.
        var second = await StoreUpkeep.HoldAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var next = StoreUpkeep.EnterAsync();
        held.Dispose();
        held.Dispose();
        await Task.Delay(s_settle);
        Assert.False(next.IsCompleted, "upkeep resumed while a hold remained (or one released twice counted twice)");
        second.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
