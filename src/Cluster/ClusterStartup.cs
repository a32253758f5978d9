using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tracing.Cluster.Control;
using Tracing.Cluster.Partitions;

namespace Tracing.Cluster;

/// <summary>
/// Once the silo serves, activates every partition grain (so that they spread over the silos and, after a failure,
/// reopen on the survivors without waiting for a request) and asks the control grain for its owner (so that one silo
/// owns the control store from the start), then logs "Silo ready".
/// </summary>
internal sealed class ClusterStartup(IHostApplicationLifetime lifetime, IGrainFactory grains, PartitionStores stores, ControlRole role, ILogger<ClusterStartup> logger) : BackgroundService
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStarted.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, stores.Layout.Count).Select(p => grains.GetGrain<IPartitionGrain>(p).PingAsync())).ConfigureAwait(false);
                var owner = await role.OwnerAsync(again: true).ConfigureAwait(false);
                ClusterLog.SiloReady(logger, stores.Layout.Count, owner.GrpcUrl, role.Self.GrpcUrl);
                return;
            }
            catch (Exception failure) when (TransientRetry.IsTransient(failure) || failure is Matching.TracingException)
            {
                ClusterLog.StartRetrying(logger, failure);
                await Task.Delay(Pause, stoppingToken).ConfigureAwait(false);
            }
        }
    }
}
