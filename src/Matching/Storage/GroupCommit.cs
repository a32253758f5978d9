namespace Tracing.Matching.Storage;

/// <summary>
/// Group commit: writers wait on the next commit that starts after their write, and one background loop runs
/// those commits back to back (no closer than the interval), so many writers share the cost of one flush.
/// What a commit is (a FASTER checkpoint, a log commit) is the owner's. The loop starts with the first waiter,
/// so a store nobody waits on (a day store made durable by its own checkpoints) never commits this way. Once disposed
/// (the store closing), a writer that came after the last commit is refused as unavailable, never left waiting.
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private readonly Func<Task> _commit;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<Task> _loop;
    private TaskCompletionSource _next = NewWaiter();
    private Exception? _failure;
    private volatile bool _closed;

    public GroupCommit(Func<Task> commit, TimeSpan interval)
    {
        _commit = commit;
        _interval = interval;
        _loop = new Lazy<Task>(() => Task.Run(RunAsync));
    }

    /// <summary>Completes once a commit that started after this call has finished.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_failure is not null)
            return Task.FromException(new IOException("The store could not commit to disk.", _failure));
        if (_closed)
            return Task.FromException(Closed());
        _ = _loop.Value;
        var waiter = Volatile.Read(ref _next).Task;
        _wake.Release();
        return waiter.WaitAsync(cancellationToken);
    }

    /// <summary>Starts a commit soon (within the interval) without waiting for it: for a reader that sees only committed entries.</summary>
    public void Soon()
    {
        if (_failure is not null || _closed)
            return;
        _ = _loop.Value;
        _wake.Release();
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
        try
        {
            await _commit().ConfigureAwait(false);
            waiters.TrySetResult();
        }
        catch (Exception exception)
        {
            _failure = exception;
            waiters.TrySetException(new IOException("The store could not commit to disk.", exception));
        }
    }

    /// <summary>Runs a last commit, stops the loop and refuses the writers that came after that commit.</summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop.IsValueCreated)
            await _loop.Value.ConfigureAwait(false);
        // A writer that passed the check above as the store closed waits on the commit after the last one: there is none.
        Interlocked.Exchange(ref _next, NewWaiter()).TrySetException(Closed());
        _stop.Dispose();
    }

    // What a server answers a call that wrote as its store closed (the server stopping, or a cluster moving the store
    // to another silo): the write may not be durable, and the client tries again where the store is served next.
    private static TracingException Closed() => new(
        TracingError.Unavailable,
        "The store closed before this write was committed (the server is stopping or handing the data to another server); try again shortly.",
        "Máy chủ đang dừng hoặc chuyển dữ liệu sang máy chủ khác nên chưa lưu được yêu cầu của bạn. Bạn vui lòng thử lại sau ít phút.")
    {
        RetryAfter = TimeSpan.FromSeconds(5),
    };

    private static TaskCompletionSource NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
