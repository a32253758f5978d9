using Orleans.Concurrency;
using Orleans.Placement;

namespace Tracing.Cluster.Control;

/// <summary>
/// Makes the silo that hosts it the owner of the control store (<see cref="ControlRole"/>): activated on the silo that
/// asks first when none owns it, kept while that silo lives, and released (the store closed) when it leaves.
/// </summary>
[Reentrant]
[KeepAlive]
[PreferLocalPlacement]
internal sealed class ControlGrain(ControlRole role) : Grain, IControlGrain
{
    /// <inheritdoc/>
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await role.TakeAsync(cancellationToken).ConfigureAwait(true);
        await base.OnActivateAsync(cancellationToken).ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await role.ReleaseAsync(reason.Description).ConfigureAwait(true);
        await base.OnDeactivateAsync(reason, cancellationToken).ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public Task<OwnerAddress> OwnerAsync() => Task.FromResult(role.Self);
}
