using Grpc.Core;

namespace Tracing.Server.Grpc;

/// <summary>Writing server-stream messages in batches.</summary>
internal static class StreamWriterExtensions
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    /// <summary>Writes the messages in one network write: each but the last is only buffered, the last flushes them all.</summary>
    public static async Task WriteInOneFlushAsync<T>(this IServerStreamWriter<T> stream, IReadOnlyList<T> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            stream.WriteOptions = i < messages.Count - 1 ? Buffered : null;
            await stream.WriteAsync(messages[i], cancellationToken).ConfigureAwait(false);
        }
    }
}
