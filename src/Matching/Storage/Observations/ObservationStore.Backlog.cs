using System.Diagnostics;

namespace Tracing.Matching.Storage.Observations;

internal sealed partial class ObservationStore
{
    // Completed by the applier after its next entry, when an upload waits for room; guarded by _appliedGate.
    private TaskCompletionSource? _applied;

    /// <summary>Bytes of write-ahead log logged but not applied to the day stores yet.</summary>
    public long UnappliedBytes => Math.Max(0, Wal.TailAddress - Volatile.Read(ref _appliedUntil));

    /// <summary>
    /// Waits while the unapplied backlog is at or above <see cref="ObservationOptions.MaxUnappliedBytes"/>, woken by
    /// the applier as it moves on; false when there is still no room after <see cref="ObservationOptions.BacklogWait"/>.
    /// </summary>
    public async Task<bool> WaitForRoomAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task applied;
            lock (_appliedGate)
            {
                if (_applierFailure is not null)
                    throw ApplierStopped();
                if (UnappliedBytes < _options.MaxUnappliedBytes)
                    return true;
                applied = NextApplied();
            }
            var left = _options.BacklogWait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                return PushedBack();
            try
            {
                await applied.WaitAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return UnappliedBytes < _options.MaxUnappliedBytes || PushedBack();
            }
        }
    }

    /// <summary>Completes once the applier has applied its next run, or at once when it has nothing committed to apply.</summary>
    private Task NextRunAppliedAsync()
    {
        lock (_appliedGate)
        {
            if (_applierFailure is not null || _stop.IsCancellationRequested || _appliedUntil >= Wal.CommittedUntilAddress)
                return Task.CompletedTask;
            return NextApplied();
        }
    }

    /// <summary>Completes after the applier's next entry (see <see cref="SignalApplied"/>); called under <c>_appliedGate</c>.</summary>
    private Task NextApplied() => (_applied ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    private static bool PushedBack()
    {
        Telemetry.IngestMetrics.PushedBack();
        return false;
    }

    /// <summary>Wakes the uploads waiting for room (the applier calls it under <c>_appliedGate</c>).</summary>
    private void SignalApplied()
    {
        if (_applied is { } applied)
        {
            _applied = null;
            applied.TrySetResult();
        }
    }
}
