using System.Diagnostics;
using Tracing.Matching.Telemetry;

namespace Tracing.Matching.Storage;

/// <summary>
/// Runs a store's checkpoint every period, or sooner when asked (<see cref="RequestSoon"/>). A failed checkpoint is
/// kept as <see cref="LastFailure"/> (the health check reports it) and tried again next period: until one succeeds,
/// the write-ahead log keeps everything. Each checkpoint's duration, the age of the last good one and the store's log
/// size are reported as metrics (<see cref="StoreMetrics"/>) under the store's <see cref="StoreLabel"/>.
/// </summary>
internal sealed class PeriodicCheckpoints : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _soon = new(0, 1);
    private readonly Task _loop;
    private readonly StoreLabel _label;
    private readonly IDisposable _metrics;
    private int _requested;
    private long _lastSuccessTicks = DateTime.UtcNow.Ticks;

    /// <param name="logBytes">The store's log size, for its metric.</param>
    /// <param name="backlog">An observation store's unapplied bytes, for its metric.</param>
    public PeriodicCheckpoints(Func<Task> checkpoint, TimeSpan interval, StoreLabel label, Func<long> logBytes, Func<long>? backlog = null)
    {
        _label = label;
        _metrics = StoreMetrics.Track(label, () => new DateTime(Interlocked.Read(ref _lastSuccessTicks), DateTimeKind.Utc), logBytes, backlog);
        _loop = Task.Run(() => RunAsync(checkpoint, interval));
    }

    /// <summary>The last checkpoint's failure, if it failed.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>Starts the next checkpoint now instead of at the end of the period (once, however often it is asked meanwhile).</summary>
    public void RequestSoon()
    {
        if (Interlocked.Exchange(ref _requested, 1) == 0)
            _soon.Release();
    }

    /// <summary>Stops the loop after the checkpoint under way, if any.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _metrics.Dispose();
        _stop.Dispose();
        _soon.Dispose();
    }

    private async Task RunAsync(Func<Task> checkpoint, TimeSpan interval)
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await _soon.WaitAsync(interval, _stop.Token).ConfigureAwait(false);
                // A request from now on asks for the checkpoint after this one.
                Volatile.Write(ref _requested, 0);
                // Not while a backup copies the store's files; a stop meanwhile ends the wait.
                using var upkeep = await StoreUpkeep.EnterAsync(_stop.Token).ConfigureAwait(false);
                started = Stopwatch.GetTimestamp();
                await checkpoint().ConfigureAwait(false);
                StoreMetrics.CheckpointTook(_label, Stopwatch.GetElapsedTime(started), failure: null);
                Interlocked.Exchange(ref _lastSuccessTicks, DateTime.UtcNow.Ticks);
                LastFailure = null;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever failed (the disk, FASTER, a bug), the next period tries again; the health check reports it meanwhile.
                StoreMetrics.CheckpointTook(_label, Stopwatch.GetElapsedTime(started), exception);
                LastFailure = exception;
            }
        }
    }
}
