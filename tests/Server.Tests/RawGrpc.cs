using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace Tracing.Server.Tests;

/// <summary>
/// How a gRPC call made with hand-made bytes ended: its status, message and the response messages' bytes, and the
/// Vietnamese sentence of its status details (the vi-VN <c>google.rpc.LocalizedMessage</c>), if any.
/// </summary>
internal sealed record RawAnswer(StatusCode Status, string Message, byte[] Body, string? Vietnamese = null)
{
    public override string ToString() => $"{Status}: \"{Message}\"";
}

/// <summary>
/// gRPC calls made by hand over HTTP/2 (h2c, as the server's gRPC endpoint speaks): the request body is whatever
/// bytes the test gives, so frames can be truncated, mislabelled or carry anything, which no gRPC client would send.
/// </summary>
internal sealed class RawGrpc(string address) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler()) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>One gRPC message frame: the uncompressed flag, the big-endian length and the bytes.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message) => Frame(message, message.Length);

    /// <summary>A frame whose length prefix says <paramref name="declaredLength"/>, whatever the bytes that follow.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message, int declaredLength, bool compressed = false)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), declaredLength);
        message.CopyTo(frame.AsSpan(5));
        return frame;
    }

    /// <summary>Posts <paramref name="body"/> to <c>/service/method</c> and reads the gRPC status from the trailers (or headers).</summary>
    public async Task<RawAnswer> CallAsync(string path, byte[] body, (string Name, string Value)? credential = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (credential is { } c)
            request.Headers.TryAddWithoutValidation(c.Name, c.Value);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var responseBody = await response.Content.ReadAsByteArrayAsync();
        // A call refused before any message is answered "trailers-only": the status travels in the headers.
        var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status")
            ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode} without a grpc-status.");
        var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? "";
        var details = Header(response.TrailingHeaders, "grpc-status-details-bin") ?? Header(response.Headers, "grpc-status-details-bin");
        return new RawAnswer((StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), Uri.UnescapeDataString(message), responseBody, VietnameseOf(details));
    }

    /// <summary>The vi-VN localized message of a <c>grpc-status-details-bin</c> value (base64 of a <c>google.rpc.Status</c>, padding optional).</summary>
    internal static string? VietnameseOf(string? details)
    {
        if (details is null)
            return null;
        var padded = details.PadRight(details.Length + ((4 - (details.Length % 4)) % 4), '=');
        var status = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(padded));
        return status.Details.Where(d => d.Is(Google.Rpc.LocalizedMessage.Descriptor)).Select(d => d.Unpack<Google.Rpc.LocalizedMessage>()).FirstOrDefault(m => m.Locale == "vi-VN")?.Message;
    }

    public void Dispose() => _http.Dispose();

    private static string? Header(HttpHeaders headers, string name)
        => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
