using FASTER.core;

namespace Tracing.Matching.Storage;

/// <summary>
/// Runs a store's checkpoint every period. A failed checkpoint is kept as <see cref="LastFailure"/> (the health
/// check reports it) and tried again next period: until one succeeds, the write-ahead log keeps everything.
/// </summary>
internal sealed class PeriodicCheckpoints : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public PeriodicCheckpoints(Func<Task> checkpoint, TimeSpan interval) => _loop = Task.Run(() => RunAsync(checkpoint, interval));

    /// <summary>The last checkpoint's failure, if it failed.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>Stops the loop after the checkpoint under way, if any.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(Func<Task> checkpoint, TimeSpan interval)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                await checkpoint().ConfigureAwait(false);
                LastFailure = null;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FasterException)
            {
                LastFailure = exception;
            }
        }
    }
}
