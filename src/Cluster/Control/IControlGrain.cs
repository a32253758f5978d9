namespace Tracing.Cluster.Control;

/// <summary>
/// The control store's single owner (key 0): the silo that hosts this grain opens the engine over the general store
/// and serves every gRPC call and web page; the others forward to it. When that silo dies, the cluster activates the
/// grain on a survivor, which opens the store from its checkpoint.
/// </summary>
public interface IControlGrain : IGrainWithIntegerKey
{
    /// <summary>Where the owner serves (activating the grain, and so opening the store, on the caller's silo when no silo owns it).</summary>
    Task<OwnerAddress> OwnerAsync();
}
