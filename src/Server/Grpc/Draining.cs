using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Tracing.Server.Grpc;

/// <summary>
/// Graceful stop (SIGTERM, Ctrl+C): from the moment the host starts stopping, a new call is refused UNAVAILABLE with a
/// retry hint (<c>retry-after</c>, <c>grpc-retry-pushback-ms</c>); an open upload or scan stream is ended UNAVAILABLE
/// at its next message (or at once when idle) — what it sent before was acknowledged and is kept, and batch ids and scan
/// receipts make sending it again harmless; a notification watch ends UNAVAILABLE (<see cref="Stopping"/>), and the
/// partner resumes from its last token. Calls already under way finish. The host then waits for them (at most
/// <c>Tracing:ShutdownSeconds</c>), and disposing the engine takes a last checkpoint of every store. A silo of a cluster
/// does not drain so: while it leaves, it goes on serving the calls the other silos forward to it until its partitions
/// and the control store have moved (the cluster's own graceful hand-over).
/// </summary>
public sealed class Draining(IHostApplicationLifetime lifetime, TracingSettings settings) : Interceptor
{
    /// <summary>How long a caller is told to wait before calling again (another instance, or this one restarted).</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Cancelled when the host starts stopping (never on a silo of a cluster).</summary>
    public CancellationToken Stopping => settings.Clustered ? CancellationToken.None : lifetime.ApplicationStopping;

    /// <summary>What a call gets while the server stops.</summary>
    public static RpcException Refusal() => ErrorsAndCallers.Refused(
        StatusCode.Unavailable,
        $"The server is stopping for a restart or an upgrade. Call again in {RetryAfter.TotalSeconds:0} seconds: what was acknowledged is kept, and what you send again is recognised, so nothing counts twice.",
        $"Máy chủ đang tạm dừng để khởi động lại hoặc nâng cấp. Bạn hãy thử lại sau {RetryAfter.TotalSeconds:0} giây: dữ liệu đã được xác nhận vẫn được giữ, dữ liệu gửi lại sẽ được nhận ra nên không bị tính hai lần.",
        new Metadata
        {
            { "retry-after", RetryAfter.TotalSeconds.ToString(CultureInfo.InvariantCulture) },
            { "grpc-retry-pushback-ms", RetryAfter.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) },
        });

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        RefuseIfStopping();
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RefuseIfStopping();
        return continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RefuseIfStopping();
        using var requests = new UntilStopping<TRequest>(requestStream, Stopping);
        return await continuation(requests, context).ConfigureAwait(false);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        RefuseIfStopping();
        using var requests = new UntilStopping<TRequest>(requestStream, Stopping);
        await continuation(requests, responseStream, context).ConfigureAwait(false);
    }

    private void RefuseIfStopping()
    {
        if (Stopping.IsCancellationRequested)
            throw Refusal();
    }

    /// <summary>A request stream that ends the call UNAVAILABLE instead of reading on once the server stops.</summary>
    /// <remarks>
    /// A read the stop cancels ends the call as every wait the stop ends does: ErrorsAndCallers answers it Refusal(). One
    /// token joins the call's and the stop for all of a call's reads (a door scanner reads one message per scan; a token
    /// joined per read cost more than reading the scan), and goes with the call.
    /// </remarks>
    private sealed class UntilStopping<T>(IAsyncStreamReader<T> inner, CancellationToken stopping) : IAsyncStreamReader<T>, IDisposable
    {
        private CancellationTokenSource? _either;
        private CancellationToken _eitherOf;

        public T Current => inner.Current;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (stopping.IsCancellationRequested)
                throw Refusal();
            return inner.MoveNext(Either(cancellationToken));
        }

        public void Dispose() => _either?.Dispose();

        private CancellationToken Either(CancellationToken cancellationToken)
        {
            if (!stopping.CanBeCanceled)
                return cancellationToken;
            if (_either is null || _eitherOf != cancellationToken)
            {
                _either?.Dispose();
                _either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
                _eitherOf = cancellationToken;
            }
            return _either.Token;
        }
    }
}
