using Tracing.Server.Grpc;

namespace Tracing.Server.Tests;

/// <summary>Bulk uploads hold their next message while a case call runs, and only then.</summary>
public sealed class CasesFirstTests
{
    /// <summary>A bound no test outlasts: what ends a hold here is the case call, or the cancellation, never the clock.</summary>
    private static readonly TimeSpan s_noBound = TimeSpan.FromHours(1);

    [Fact]
    public void With_no_case_call_under_way_bulk_work_goes_on_at_once()
    {
        var casesFirst = new CasesFirst();
        Assert.True(casesFirst.HoldBulkAsync(CancellationToken.None).IsCompletedSuccessfully);
        casesFirst.Begin().Dispose();
        Assert.True(casesFirst.HoldBulkAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Bulk_work_waits_until_the_last_case_call_ends()
    {
        var casesFirst = new CasesFirst(s_noBound);
        var report = casesFirst.Begin();
        var upload = casesFirst.Begin();
        var held = casesFirst.HoldBulkAsync(CancellationToken.None).AsTask();
        report.Dispose();
        Assert.False(held.IsCompleted);
        upload.Dispose();
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(casesFirst.HoldBulkAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_case_call_that_never_ends_does_not_stop_bulk_work()
    {
        var casesFirst = new CasesFirst();
        using var stuck = casesFirst.Begin();
        // Released by the hold's bound, not by the case: the wait here is only a guard against a hang.
        await casesFirst.HoldBulkAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_cancelled_upload_stops_holding()
    {
        var casesFirst = new CasesFirst(s_noBound);
        using var report = casesFirst.Begin();
        using var cancelled = new CancellationTokenSource();
        var held = casesFirst.HoldBulkAsync(cancelled.Token).AsTask();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
