using Tracing.Cluster.Control;
using Tracing.Matching;

namespace Tracing.Server;

/// <summary>
/// The engine as this process serves it: embedded, always the one engine; in a cluster, the owner's engine while this
/// silo owns the control store and none otherwise (every request is forwarded to the owner). Background work (retention,
/// health) asks here instead of resolving the engine, so that nothing opens or waits for it on a silo that only forwards.
/// </summary>
internal sealed class ServedEngine(IServiceProvider services, ControlRole? role)
{
    /// <summary>The engine if this process serves it now; null on a silo that forwards.</summary>
    public TracingEngine? Current => role is null ? services.GetRequiredService<TracingEngine>() : role.Engine;

    /// <summary>Completes with the engine once this process serves it (at once when embedded).</summary>
    public Task<TracingEngine> WhenServedAsync(CancellationToken cancellationToken)
        => role is null ? Task.FromResult(services.GetRequiredService<TracingEngine>()) : role.WhenOwnerAsync(cancellationToken);
}
