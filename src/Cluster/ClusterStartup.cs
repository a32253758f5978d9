using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tracing.Cluster.Control;
using Tracing.Cluster.Partitions;

namespace Tracing.Cluster;

/// <summary>
/// Once the silo serves, activates every partition grain (so that they spread over the silos) and asks the control
/// grain for its owner (so that one silo owns the control store from the start), then logs "Silo ready". It does so
/// again on every change of the membership: when a silo dies or leaves, its partitions and the control store reopen on
/// the survivors at once, without waiting for a request to need them.
/// </summary>
internal sealed class ClusterStartup(
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    IClusterMembershipService membership,
    PartitionStores stores,
    ControlRole role,
    ILogger<ClusterStartup> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Only a host that really serves takes part (one whose start failed, a port taken, never does).
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        // A silo that is leaving activates nothing more: from the first moment of its stop.
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        stoppingToken = leaving.Token;
        try
        {
            // A silo on another root (a mount that failed, a typo) would open empty stores as the cluster's: it leaves.
            var first = await UntilDoneAsync(() => role.OwnerAsync(again: true), stoppingToken).ConfigureAwait(false);
            if (first.Storage != role.Self.Storage)
            {
                ClusterLog.WrongStorageRoot(logger, role.Self.Storage, first.Storage);
                lifetime.StopApplication();
                return;
            }
            var owner = await ActivateAllAsync(stoppingToken).ConfigureAwait(false);
            ClusterLog.SiloReady(logger, stores.Layout.Count, owner.GrpcUrl, role.Self.GrpcUrl);
            var version = membership.CurrentSnapshot.Version;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken).ConfigureAwait(false))
            {
                if (snapshot.Version <= version)
                    continue;
                version = snapshot.Version;
                owner = await ActivateAllAsync(stoppingToken).ConfigureAwait(false);
                ClusterLog.Reactivated(logger, snapshot.Version.Value, owner.GrpcUrl);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // The control grain and the partitions activate side by side: opening the control store calls the partitions.
    private async Task<OwnerAddress> ActivateAllAsync(CancellationToken stoppingToken)
    {
        var partitions = UntilDoneAsync(() => Task.WhenAll(Enumerable.Range(0, stores.Layout.Count).Select(p => grains.GetGrain<IPartitionGrain>(p).PingAsync())), stoppingToken);
        var owner = await UntilDoneAsync(() => role.OwnerAsync(again: true), stoppingToken).ConfigureAwait(false);
        await partitions.ConfigureAwait(false);
        // A silo that joined takes its share: the partitions that belong on it now move there, each once idle.
        await UntilDoneAsync(() => Task.WhenAll(Enumerable.Range(0, stores.Layout.Count).Select(p => grains.GetGrain<IPartitionGrain>(p).BalanceAsync())), stoppingToken).ConfigureAwait(false);
        return owner;
    }

    private async Task UntilDoneAsync(Func<Task> step, CancellationToken stoppingToken)
        => await UntilDoneAsync(async () =>
        {
            await step().ConfigureAwait(false);
            return true;
        }, stoppingToken).ConfigureAwait(false);

    private async Task<T> UntilDoneAsync<T>(Func<Task<T>> step, CancellationToken stoppingToken)
    {
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                return await step().ConfigureAwait(false);
            }
            // Whatever stops a partition or the control store from opening here (a lease still held, a silo dying, a
            // store that fails to recover) is logged and tried again: the silo keeps serving and forwarding meanwhile.
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                ClusterLog.StartRetrying(logger, failure);
                await Task.Delay(Pause, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
