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

    [Fact]
    public async Task A_hold_cancelled_while_it_waits_gives_the_upkeep_back_and_asked_for_upkeep_is_refused_only_while_a_copy_runs()
    {
        var step = await StoreUpkeep.EnterAsync();
        using var cancel = new CancellationTokenSource();
        var waiting = StoreUpkeep.HoldAsync(cancel.Token);
        // Still waiting for the step under way: upkeep another process's step asks for may join it.
        Assert.True(StoreUpkeep.TryEnter(out var joined));
        joined.Dispose();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        step.Dispose();
        // Nothing holds any more: upkeep goes on at once.
        (await StoreUpkeep.EnterAsync().WaitAsync(TimeSpan.FromSeconds(10))).Dispose();

        using (await StoreUpkeep.HoldAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)))
            Assert.False(StoreUpkeep.TryEnter(out _), "upkeep was let in while a copy held the files");
        Assert.True(StoreUpkeep.TryEnter(out var after));
        after.Dispose();
    }
}
