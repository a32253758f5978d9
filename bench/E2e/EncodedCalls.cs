using Google.Protobuf;
using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Bench.E2e;

/// <summary>
/// Streaming calls with request messages the senders encoded beforehand. In the field every phone and door scanner
/// encodes its own messages, so the bench encodes them before the clock starts and sends the bytes, leaving the two
/// shared cores to the server. The server receives exactly what the generated client would have sent.
/// </summary>
internal static class EncodedCalls
{
    private static readonly Marshaller<byte[]> AsIs = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static readonly Method<byte[], UploadContactsResponse> UploadContacts = new(
        MethodType.ClientStreaming, ContactService.Descriptor.FullName, "UploadContacts", AsIs, Marshallers.Create(r => r.ToByteArray(), UploadContactsResponse.Parser.ParseFrom));

    private static readonly Method<byte[], StreamScansResponse> StreamScans = new(
        MethodType.DuplexStreaming, CheckInService.Descriptor.FullName, "StreamScans", AsIs, Marshallers.Create(r => r.ToByteArray(), StreamScansResponse.Parser.ParseFrom));

    /// <summary>Encodes one message as the bytes it travels as.</summary>
    public static byte[] Encode(IMessage message) => message.ToByteArray();

    /// <summary>Streams encoded <see cref="UploadContactsRequest"/>s over one call and returns the server's tally.</summary>
    public static async Task<UploadContactsResponse> UploadContactsAsync(TracingClient client, IEnumerable<byte[]> requests, CancellationToken cancellationToken)
    {
        using var call = client.CallInvoker.AsyncClientStreamingCall(UploadContacts, host: null, new CallOptions(cancellationToken: cancellationToken));
        foreach (var request in requests)
            await call.RequestStream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    /// <summary>
    /// Streams encoded <see cref="StreamScansRequest"/>s over one call while reading the answers; returns how many
    /// were recorded (accepted, or recorded with a declaration asked for). A refusal or a duplicate fails the run: the
    /// load is made of valid, distinct scans.
    /// </summary>
    public static async Task<int> StreamScansAsync(TracingClient client, IReadOnlyList<byte[]> requests, CancellationToken cancellationToken)
    {
        using var call = client.CallInvoker.AsyncDuplexStreamingCall(StreamScans, host: null, new CallOptions(cancellationToken: cancellationToken));
        var reading = Task.Run(async () =>
        {
            var accepted = 0;
            await foreach (var answer in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                RequireRecorded(answer);
                accepted++;
            }
            return accepted;
        }, cancellationToken);
        foreach (var request in requests)
            await call.RequestStream.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await reading.ConfigureAwait(false);
    }

    /// <summary>Fails the run unless the answer says its scan was recorded now (accepted, or with a declaration asked for).</summary>
    public static void RequireRecorded(StreamScansResponse answer)
    {
        if (answer.Status is not (ScanStatus.Accepted or ScanStatus.DeclarationRequired) || answer.Duplicate)
            throw new InvalidOperationException($"scan {answer.ClientEventId} was answered {answer.Status}{(answer.Duplicate ? " (duplicate)" : "")}: {answer.Message}");
    }
}
