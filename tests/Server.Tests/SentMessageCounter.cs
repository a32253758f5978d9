using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Tracing.Server.Tests;

/// <summary>
/// Counts the messages a server-streaming method hands to gRPC (whether or not they reached the client yet): what
/// the server has produced for a reader, so a test can see whether it runs ahead of one that does not read.
/// </summary>
internal sealed class SentMessageCounter(string method) : Interceptor
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        => context.Method.EndsWith("/" + method, StringComparison.Ordinal)
            ? continuation(request, new CountingWriter<TResponse>(responseStream, this), context)
            : continuation(request, responseStream, context);

    private sealed class CountingWriter<T>(IServerStreamWriter<T> inner, SentMessageCounter counter) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._count);
            return inner.WriteAsync(message, cancellationToken);
        }
    }
}
