using Grpc.Core;
using Tracing.Server.Security;

namespace Tracing.Server.Grpc;

/// <summary>Access to the caller resolved by <see cref="ErrorsAndCallers"/>.</summary>
internal static class ContextExtensions
{
    public static Caller Caller(this ServerCallContext context)
        => context.UserState.TryGetValue(ErrorsAndCallers.CallerKey, out var caller) ? (Caller)caller : Security.Caller.Anonymous;
}
