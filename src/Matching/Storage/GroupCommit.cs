using FASTER.core;

namespace Tracing.Matching.Storage;

/// <summary>
/// Group commit: writers wait on the next hybrid-log checkpoint that starts after their write, and one
/// background loop takes those checkpoints back to back (no closer than the commit interval), so many
/// writers share the cost of one flush. A full checkpoint (index too) is taken now and then to bound recovery.
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private readonly FasterKV<SpanByte, SpanByte> _kv;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _fullInterval;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TaskCompletionSource _next = NewWaiter();
    private DateTime _lastFull = DateTime.UtcNow;
    private Exception? _failure;

    public GroupCommit(FasterKV<SpanByte, SpanByte> kv, TimeSpan interval, TimeSpan fullInterval)
    {
        _kv = kv;
        _interval = interval;
        _fullInterval = fullInterval;
        _loop = Task.Run(RunAsync);
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_failure is not null)
            return Task.FromException(new IOException("The store could not commit to disk.", _failure));
        var waiter = Volatile.Read(ref _next).Task;
        _wake.Release();
        return waiter.WaitAsync(cancellationToken);
    }

    public async Task FullCheckpointAsync()
    {
        await _checkpointGate.WaitAsync().ConfigureAwait(false);
        try
        {
            while (!(await _kv.TakeFullCheckpointAsync(CheckpointType.FoldOver).ConfigureAwait(false)).success)
                await Task.Delay(1).ConfigureAwait(false);
            _lastFull = DateTime.UtcNow;
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await CommitOnceAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(_interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await CommitOnceAsync().ConfigureAwait(false);
    }

    private async Task CommitOnceAsync()
    {
        // Drain wake-ups: every writer that arrived so far is covered by this one commit.
        while (_wake.CurrentCount > 0)
            _wake.Wait(0);
        var waiters = Interlocked.Exchange(ref _next, NewWaiter());
        await _checkpointGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (DateTime.UtcNow - _lastFull > _fullInterval)
            {
                await _kv.TakeFullCheckpointAsync(CheckpointType.FoldOver).ConfigureAwait(false);
                _lastFull = DateTime.UtcNow;
            }
            else
            {
                // A checkpoint cannot start while another state machine (e.g. index growth) runs: retry.
                while (!(await _kv.TakeHybridLogCheckpointAsync(CheckpointType.FoldOver).ConfigureAwait(false)).success)
                    await Task.Delay(1).ConfigureAwait(false);
            }
            waiters.TrySetResult();
        }
        catch (Exception exception)
        {
            _failure = exception;
            waiters.TrySetException(new IOException("The store could not commit to disk.", exception));
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await FullCheckpointAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private static TaskCompletionSource NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
