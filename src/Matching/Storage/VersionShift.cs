using FASTER.core;

namespace Tracing.Matching.Storage;

/// <summary>
/// Tells a checkpoint's owner when FASTER has moved to the next version (it enters the flush phase): from then on
/// the checkpoint holds every write made before and none made after, so writers held off for a consistent
/// checkpoint may go on while the log is flushed. Registered once per store; one checkpoint at a time waits.
/// </summary>
internal sealed class VersionShift : IStateMachineCallback
{
    private TaskCompletionSource? _waiter;

    /// <summary>Completes <paramref name="waiter"/> when the checkpoint about to start reaches its flush.</summary>
    public void NotifyOnShift(TaskCompletionSource waiter) => Volatile.Write(ref _waiter, waiter);

    /// <inheritdoc />
    public void BeforeEnteringState<TKey, TValue>(SystemState next, FasterKV<TKey, TValue> faster)
    {
        // Called inside FASTER's state transition, after the checkpoint task's own step (a fold-over has made the
        // whole log read-only by then): only hand the news on.
        if (next.Phase == Phase.WAIT_FLUSH)
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
    }
}
