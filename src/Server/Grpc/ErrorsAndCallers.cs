using Grpc.Core;
using Grpc.Core.Interceptors;
using Tracing.Matching;
using Tracing.Server.Security;

namespace Tracing.Server.Grpc;

/// <summary>
/// Every gRPC call passes here: the caller is resolved from metadata and kept for the service, and refusals
/// become gRPC statuses with their message. Anything unexpected is logged and answered INTERNAL without detail.
/// </summary>
public sealed class ErrorsAndCallers(CallerResolver callers, ILogger<ErrorsAndCallers> logger) : Interceptor
{
    internal const string CallerKey = "tracing.caller";

    /// <summary>The trailer that tells a client when to retry a call refused because the server is busy.</summary>
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        => Guard(context, () => continuation(request, context));

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        => Guard(context, () => continuation(requestStream, context));

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        => Guard(context, async () =>
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return true;
        });

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        => Guard(context, async () =>
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return true;
        });

    /// <summary>The gRPC status of an engine refusal.</summary>
    public static StatusCode StatusOf(TracingError error) => error switch
    {
        TracingError.InvalidArgument => StatusCode.InvalidArgument,
        TracingError.NotFound => StatusCode.NotFound,
        TracingError.AlreadyExists => StatusCode.AlreadyExists,
        TracingError.PermissionDenied => StatusCode.PermissionDenied,
        TracingError.FailedPrecondition => StatusCode.FailedPrecondition,
        TracingError.ResourceExhausted => StatusCode.ResourceExhausted,
        TracingError.Unauthenticated => StatusCode.Unauthenticated,
        _ => StatusCode.Unknown,
    };

    private async Task<T> Guard<T>(ServerCallContext context, Func<Task<T>> call)
    {
        try
        {
            context.UserState[CallerKey] = callers.Resolve(context.RequestHeaders);
            return await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Translate(exception, context);
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case TracingException { RetryAfter: { } retryAfter } busy:
                // gRPC's own pushback trailer: clients with a retry policy wait that long before retrying.
                return new RpcException(
                    new Status(StatusOf(busy.Error), busy.Message),
                    new Metadata { { RetryPushbackTrailer, ((long)retryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            case TracingException refusal:
                return new RpcException(new Status(StatusOf(refusal.Error), refusal.Message));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            default:
                ServerLog.UnexpectedError(logger, context.Method, exception);
                return new RpcException(new Status(StatusCode.Internal, "The server failed to handle this call; it was logged. Retry later."));
        }
    }
}
