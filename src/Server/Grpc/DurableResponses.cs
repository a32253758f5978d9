using Grpc.Core;
using Tracing.Matching;

namespace Tracing.Server.Grpc;

/// <summary>
/// A response stream whose messages go out only once what the call wrote before them is durable: each write first waits
/// for the commits of the stores the call's tracker holds (nothing when it wrote nothing since the last message). A
/// service that answers a stream in batches tracks each answer's writes itself and waits once per batch
/// (see <see cref="CheckInGrpcService.StreamScans"/>); this keeps any other stream that writes correct by default.
/// </summary>
internal sealed class DurableResponses<T>(IServerStreamWriter<T> inner, TracingEngine engine, WriteTracking writes, CancellationToken callCancelled) : IServerStreamWriter<T>
{
    /// <inheritdoc />
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    /// <inheritdoc />
    public Task WriteAsync(T message) => WriteAsync(message, callCancelled);

    /// <inheritdoc />
    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        await engine.WhenDurableAsync(writes.TakeWritten(), cancellationToken).ConfigureAwait(false);
        await inner.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
