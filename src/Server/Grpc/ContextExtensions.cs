using Grpc.AspNetCore.Server;
using Grpc.Core;
using Tracing.Server.Security;

namespace Tracing.Server.Grpc;

/// <summary>Access to the caller resolved by <see cref="ErrorsAndCallers"/>, and to the method a call is bound to.</summary>
internal static class ContextExtensions
{
    public static Caller Caller(this ServerCallContext context)
        => context.UserState.TryGetValue(ErrorsAndCallers.CallerKey, out var caller) ? (Caller)caller : Security.Caller.Anonymous;

    /// <summary>
    /// The canonical path (<c>/package.Service/Method</c>) of the method the call was routed to. Routing ignores case,
    /// so <see cref="ServerCallContext.Method"/> — the path the client sent — may be <c>/tracing.v1.authservice/requestotp</c>
    /// for RequestOtp; whatever decides by method (limits, a partner's scope) asks this instead.
    /// </summary>
    public static string BoundMethod(this ServerCallContext context)
        => context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName
            ?? throw new InvalidOperationException($"The call to {context.Method} is not bound to a gRPC method.");
}
