using Grpc.AspNetCore.Server.Model;

namespace Tracing.Server.Grpc.Decoding;

/// <summary>
/// gRPC's own method providers, taken out of the container by <see cref="GuardedDecoding.AddGuardedDecoding"/> so that
/// <see cref="GuardedMethodProvider{TService}"/> discovers the tracing.v1 services and hands every other service to them.
/// </summary>
internal sealed class GrpcMethodProviders(IReadOnlyList<Type> openTypes)
{
    /// <summary>gRPC's providers for <typeparamref name="TService"/>.</summary>
    public IEnumerable<IServiceMethodProvider<TService>> For<TService>(IServiceProvider services)
        where TService : class
        => openTypes.Select(t => (IServiceMethodProvider<TService>)ActivatorUtilities.CreateInstance(services, t.MakeGenericType(typeof(TService))));
}
