using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Tracing.Server.Telemetry;

/// <summary>
/// Times every gRPC call and records it with the status it ended with. The outermost interceptor, so it sees the status
/// the caller gets (after <see cref="Grpc.ErrorsAndCallers"/> has turned the engine's refusals into gRPC statuses).
/// </summary>
internal sealed class CallMetrics : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Ended(context, started, null);
            return response;
        }
        catch (Exception exception)
        {
            Ended(context, started, exception);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            Ended(context, started, null);
            return response;
        }
        catch (Exception exception)
        {
            Ended(context, started, exception);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            Ended(context, started, null);
        }
        catch (Exception exception)
        {
            Ended(context, started, exception);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            Ended(context, started, null);
        }
        catch (Exception exception)
        {
            Ended(context, started, exception);
            throw;
        }
    }

    private static void Ended(ServerCallContext context, long started, Exception? exception)
    {
        var status = exception switch
        {
            null => context.Status.StatusCode,
            RpcException rpc => rpc.StatusCode,
            OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
            _ => StatusCode.Unknown,
        };
        ServerMetrics.CallEnded(context.Method, status, Stopwatch.GetElapsedTime(started));
    }
}
