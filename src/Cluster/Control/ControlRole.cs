using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tracing.Cluster.Partitions;
using Tracing.Matching;
using Tracing.Matching.Internal;

namespace Tracing.Cluster.Control;

/// <summary>
/// This silo's part in the control plane: the owner's engine while this silo hosts <see cref="IControlGrain"/>, and
/// otherwise where the owner is. One per silo.
/// </summary>
public sealed class ControlRole(
    IGrainFactory grains,
    ControlStore store,
    PartitionStores partitions,
    ClusterSettings settings,
    OwnerAddress self,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ControlRole> logger)
{
    // Completed with the engine while this silo owns the control store; a new one (not completed) once it let it go, so
    // that a silo winning the control grain back waits for, and serves, the engine it opens then, never the disposed one.
    private volatile TaskCompletionSource<TracingEngine> _owned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly TransientRetry _retry = new(TimeSpan.FromSeconds(settings.RetrySeconds), time);
    private FileLease? _lease;
    private volatile TracingEngine? _engine;
    private volatile OwnerAddress? _owner;

    /// <summary>Where this silo serves.</summary>
    public OwnerAddress Self => self;

    /// <summary>The engine while this silo owns the control store; null otherwise.</summary>
    public TracingEngine? Engine => _engine;

    /// <summary>Whether this silo owns the control store (and serves every call itself).</summary>
    public bool IsOwner => _engine is not null;

    /// <summary>
    /// Whether the control store left this silo while the silo kept running (not stopping). It stops then: what serves
    /// requests here was built on the engine it closed, so it must start afresh to serve again
    /// (<see cref="ReleaseAsync"/>).
    /// </summary>
    public bool LostWhileRunning { get; private set; }

    /// <summary>Completes with the engine once this silo owns the control store.</summary>
    public Task<TracingEngine> WhenOwnerAsync(CancellationToken cancellationToken) => _owned.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Where the owner serves: the address last found, or, when <paramref name="again"/> (forwarding to it failed) or
    /// none was found yet, the control grain's answer — which activates the grain here when no live silo hosts it.
    /// </summary>
    public async Task<OwnerAddress> OwnerAsync(bool again = false)
    {
        if (!again && _owner is { } known)
            return known;
        var owner = await _retry.RunAsync(() => grains.GetGrain<IControlGrain>(0).OwnerAsync()).ConfigureAwait(false);
        _owner = owner;
        return owner;
    }

    /// <summary>Takes the control store's lease and opens the engine over the grain partitions (the control grain activating here).</summary>
    internal async Task TakeAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_engine is not null)
                return;
            _lease = FileLease.TryTake(store.LeasePath)
                ?? throw new LeaseTakenException($"The control store's lease ({store.LeasePath}) is held by another process; its previous owner has not closed it yet.");
            var started = time.GetTimestamp();
            try
            {
                var grainPartitions = new GrainPartitions(grains, partitions.Layout, TimeSpan.FromSeconds(settings.RetrySeconds), time);
                // Off the grain's scheduler: opening recovers the general store and may call the partitions.
                _engine = await BlockingWork.Run(() => store.Open(grainPartitions, time)).ConfigureAwait(false);
            }
            catch
            {
                _lease.Dispose();
                _lease = null;
                throw;
            }
            _owner = self;
            ClusterLog.BecameOwner(logger, self.GrpcUrl, self.WebUrl, time.GetElapsedTime(started).TotalMilliseconds);
            _owned.TrySetResult(_engine);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Closes the engine (checkpointing the general store) and gives the lease back (the control grain leaving this silo).</summary>
    internal async Task ReleaseAsync(string reason)
    {
        await _turn.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_engine is { } engine)
            {
                _engine = null;
                _owner = null;
                _owned = new(TaskCreationOptions.RunContinuationsAsynchronously);
                await Task.Run(async () => await engine.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
                ClusterLog.OwnershipReleased(logger, reason);
                if (!lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    // The services of this process hold the closed engine: winning the control store back here would
                    // serve that one. The silo leaves (its partitions move) and its supervisor starts it again.
                    LostWhileRunning = true;
                    ClusterLog.StoppingAfterLoss(logger, reason);
                    lifetime.StopApplication();
                }
            }
            _lease?.Dispose();
            _lease = null;
        }
        finally
        {
            _turn.Release();
        }
    }
}
