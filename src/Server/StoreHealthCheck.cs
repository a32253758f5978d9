using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tracing.Matching;

namespace Tracing.Server;

/// <summary>
/// The store's health for `grpc.health.v1`: degraded while the day stores (observations, scans) fail to checkpoint (writes
/// are still durable in the write-ahead log, but it grows and a restart would replay more of it).
/// </summary>
/// <remarks>In a cluster a silo that forwards to the owner is healthy while it runs; the owner reports its store.</remarks>
internal sealed class StoreHealthCheck(ServedEngine served) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(served.Current switch
        {
            null => HealthCheckResult.Healthy("This silo forwards to the owner of the control store."),
            { CheckpointFailure: { } failure } => HealthCheckResult.Degraded("The day stores could not checkpoint; retrying every period.", failure),
            _ => HealthCheckResult.Healthy("The store is open."),
        });
}
