using Grpc.Core;

namespace Tracing.Server.Tests.Fuzz;

/// <summary>Calls any RPC with request messages given as raw bytes, and tells how the call ended.</summary>
internal static class BytesCalls
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>
    /// Sends <paramref name="messages"/> (one for unary and server-streaming calls), reads every response, and returns
    /// the final status: OK, or the status the server ended the call with, and the refusal's Vietnamese sentence (the
    /// vi-VN <c>google.rpc.LocalizedMessage</c> of its status details) if it has one; and how many response messages
    /// came before the end.
    /// </summary>
    public static async Task<(Status Status, string? Vietnamese, int Responses)> CallAsync(CallInvoker invoker, Rpc rpc, IReadOnlyList<byte[]> messages, Metadata headers, DateTime deadline)
    {
        var method = new Method<byte[], byte[]>(rpc.Type, rpc.Service.FullName, rpc.Method.Name, Bytes, Bytes);
        var options = new CallOptions(headers, deadline);
        var responses = 0;
        try
        {
            switch (rpc.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, messages[0]);
                    responses = 1;
                    break;
                case MethodType.ServerStreaming:
                    {
                        using var call = invoker.AsyncServerStreamingCall(method, null, options, messages[0]);
                        await ReadAllAsync(call.ResponseStream, () => responses++);
                        break;
                    }
                case MethodType.ClientStreaming:
                    {
                        using var call = invoker.AsyncClientStreamingCall(method, null, options);
                        await WriteAllAsync(call.RequestStream, messages);
                        await call.ResponseAsync;
                        responses = 1;
                        break;
                    }
                default:
                    {
                        using var call = invoker.AsyncDuplexStreamingCall(method, null, options);
                        await WriteAllAsync(call.RequestStream, messages);
                        await ReadAllAsync(call.ResponseStream, () => responses++);
                        break;
                    }
            }
            return (Status.DefaultSuccess, null, responses);
        }
        catch (RpcException ended)
        {
            return (ended.Status, V1.RefusalDetails.Vietnamese(ended), responses);
        }
    }

    private static async Task ReadAllAsync(IAsyncStreamReader<byte[]> responses, Action counted)
    {
        while (await responses.MoveNext(CancellationToken.None))
            counted();
    }

    /// <summary>Writes the messages and completes; a server that already ended the call is left to say why.</summary>
    private static async Task WriteAllAsync(IClientStreamWriter<byte[]> requests, IReadOnlyList<byte[]> messages)
    {
        try
        {
            foreach (var message in messages)
                await requests.WriteAsync(message);
            await requests.CompleteAsync();
        }
        catch (Exception ended) when (ended is RpcException or InvalidOperationException)
        {
            // The call is over; its status comes from the response side.
        }
    }
}
