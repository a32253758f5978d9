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
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        => TimedAsync(context, () => continuation(request, context));

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        => TimedAsync(context, () => continuation(requestStream, context));

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        => TimedAsync(context, async () =>
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return true;
        });

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        => TimedAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return true;
        });

    private static async Task<T> TimedAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await call().ConfigureAwait(false);
            ServerMetrics.CallEnded(context.Method, context.Status.StatusCode, Stopwatch.GetElapsedTime(started));
            return answer;
        }
        catch (Exception exception)
        {
            var status = exception switch
            {
                RpcException rpc => rpc.StatusCode,
                OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
                _ => StatusCode.Unknown,
            };
            ServerMetrics.CallEnded(context.Method, status, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}
