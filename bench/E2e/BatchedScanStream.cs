using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Tracing.V1;

namespace Tracing.Bench.E2e;

/// <summary>
/// A <c>StreamScans</c> call made over plain HTTP/2 by a scanner that delivers a backlog: it writes the gRPC frames of
/// many scans at once (<see cref="ScansPerWrite"/>) instead of one HTTP/2 DATA frame and one flush per scan, as the
/// generated client does. The server receives the same bytes in the same order, each scan its own gRPC message with
/// its own answer; only the packing on the wire differs. The client's CPU per scan is what it saves.
/// </summary>
internal sealed class BatchedScanStream(string address, string accessToken)
{
    /// <summary>Scans a scanner writes with one flush.</summary>
    public const int ScansPerWrite = 64;

    private const int FrameHeader = 5;

    /// <summary>Streams the encoded <see cref="StreamScansRequest"/>s and returns how many were recorded; fails like <see cref="EncodedCalls.StreamScansAsync"/>.</summary>
    public async Task<int> RunAsync(IReadOnlyList<byte[]> requests, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler();
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{address.TrimEnd('/')}/{CheckInService.Descriptor.FullName}/StreamScans")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ScanFrames(requests),
        };
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var answers = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var accepted = 0;
        var header = new byte[FrameHeader];
        while (await ReadFullyAsync(answers, header, cancellationToken).ConfigureAwait(false))
        {
            var message = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1))];
            if (!await ReadFullyAsync(answers, message, cancellationToken).ConfigureAwait(false))
                throw new InvalidOperationException("the answer stream ended inside a message");
            EncodedCalls.RequireRecorded(StreamScansResponse.Parser.ParseFrom(message));
            accepted++;
        }
        var status = GrpcStatus(response);
        if (status != "0")
            throw new InvalidOperationException($"StreamScans ended with grpc-status {status}");
        return accepted;
    }

    private static string GrpcStatus(HttpResponseMessage response)
        => response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.First() : "missing";

    /// <summary>Fills <paramref name="buffer"/>; false when the stream ends before its first byte.</summary>
    private static async Task<bool> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                return read == 0 ? false : throw new InvalidOperationException("the answer stream ended inside a message");
            read += n;
        }
        return true;
    }

    /// <summary>The request body: the scans as gRPC frames (uncompressed flag, big-endian length, message), <see cref="ScansPerWrite"/> per write.</summary>
    private sealed class ScanFrames(IReadOnlyList<byte[]> requests) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new MemoryStream();
            var header = new byte[FrameHeader];
            for (var i = 0; i < requests.Count; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), requests[i].Length);
                buffer.Write(header);
                buffer.Write(requests[i]);
                if ((i + 1) % ScansPerWrite == 0 || i == requests.Count - 1)
                {
                    await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                    buffer.SetLength(0);
                }
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
