using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tracing.Matching;

namespace Tracing.Server;

/// <summary>
/// The store's health for `grpc.health.v1`: degraded while the day stores (observations, scans) fail to checkpoint (writes
/// are still durable in the write-ahead log, but it grows and a restart would replay more of it).
/// </summary>
internal sealed class StoreHealthCheck(TracingEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(engine.CheckpointFailure is { } failure
            ? HealthCheckResult.Degraded("The day stores could not checkpoint; retrying every period.", failure)
            : HealthCheckResult.Healthy("The store is open."));
}
