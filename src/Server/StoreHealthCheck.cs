using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tracing.Matching;
using Tracing.Matching.Partitions;

namespace Tracing.Server;

/// <summary>
/// The store's health for `grpc.health.v1`: degraded while the day stores (observations, scans) fail to checkpoint (writes
/// are still durable in the write-ahead log, but it grows and a restart would replay more of it).
/// </summary>
/// <remarks>
/// In a cluster a silo that forwards to the owner is healthy while it runs; the owner asks every partition grain for
/// its status, and is degraded while one fails to checkpoint or cannot be reached within a few seconds (moving after a
/// failure).
/// </remarks>
internal sealed class StoreHealthCheck(ServedEngine served) : IHealthCheck
{
    private static readonly TimeSpan PartitionWait = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var engine = served.Current;
        if (engine is null)
            return HealthCheckResult.Healthy("This silo forwards to the owner of the control store.");
        if (engine.CheckpointFailure is { } failure)
            return HealthCheckResult.Degraded("A store could not checkpoint; retrying every period.", failure);
        if (engine.Partitions is LocalPartitions)
            return HealthCheckResult.Healthy("The store is open.");
        try
        {
            var statuses = await Task.WhenAll(Enumerable.Range(0, engine.Partitions.Layout.Count).Select(p => engine.Partitions[p].StatusAsync().AsTask()))
                .WaitAsync(PartitionWait, cancellationToken).ConfigureAwait(false);
            foreach (var status in statuses.Where(s => !string.IsNullOrEmpty(s.CheckpointFailure)))
                return HealthCheckResult.Degraded($"Partition {status.Number}'s day stores could not checkpoint ({status.CheckpointFailure}); retrying every period.");
            return HealthCheckResult.Healthy($"The store and its {statuses.Length} partitions are open.");
        }
        catch (Exception unreachable) when (unreachable is TimeoutException or TracingException)
        {
            return HealthCheckResult.Degraded("A partition could not be reached; the cluster is moving it.", unreachable);
        }
    }
}
