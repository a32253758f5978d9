using Tracing.Matching;
using Tracing.Matching.Partitions;

namespace Tracing.Cluster.Control;

/// <summary>How this silo opens the control store when it becomes the owner.</summary>
/// <param name="LeasePath">The control store's lease file (<c>&lt;storage-root&gt;/control.lease</c>).</param>
/// <param name="Open">Opens (recovers) the engine over the general store with the given partitions and clock.</param>
public sealed record ControlStore(string LeasePath, Func<IPartitions, TimeProvider, TracingEngine> Open);
