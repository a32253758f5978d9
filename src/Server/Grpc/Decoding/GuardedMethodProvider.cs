using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Tracing.Server.Grpc.Decoding;

/// <summary>
/// Discovers the methods of the tracing.v1 services (those in this assembly) with guarded request decoding; other
/// services (health, reflection) are discovered by gRPC's own providers, unchanged.
/// </summary>
internal sealed class GuardedMethodProvider<TService>(IServiceProvider services, GrpcMethodProviders defaults) : IServiceMethodProvider<TService>
    where TService : class
{
    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        if (typeof(TService).Assembly != typeof(GuardedMethodProvider<>).Assembly)
        {
            foreach (var provider in defaults.For<TService>(services))
                provider.OnServiceMethodDiscovery(context);
            return;
        }
        // Generated service bases name their static BindService(ServiceBinderBase, TBase) in this attribute.
        var binding = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} does not derive from a generated gRPC service base.");
        var bind = binding.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == binding.BindMethodName && m.GetParameters() is [{ ParameterType: var first }, _] && first == typeof(ServiceBinderBase));
        bind.Invoke(null, [new GuardedServiceBinder<TService>(context), null]);
    }
}
