using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Tracing.Matching;
using Tracing.Server.Grpc.Decoding;
using Tracing.Server.Security;
using BadRequest = Google.Rpc.BadRequest;
using LocalizedMessage = Google.Rpc.LocalizedMessage;

namespace Tracing.Server.Grpc;

/// <summary>
/// Every gRPC call passes here: the caller is resolved from metadata and kept for the service (a partner's or an operator's
/// key is held to <see cref="KeyScope"/>), and refusals
/// become gRPC statuses with their message. Anything unexpected is logged and answered INTERNAL without detail.
/// It is also where a write becomes an acknowledgement: the stores a call writes are tracked
/// (<see cref="TracingEngine.TrackWrites"/>), and its answer — each message of a response stream, and the final status
/// — goes out only once every store it wrote is durable.
/// </summary>
public sealed class ErrorsAndCallers(CallerResolver callers, TracingEngine engine, Draining draining, ILogger<ErrorsAndCallers> logger) : Interceptor
{
    internal const string CallerKey = "tracing.caller";

    /// <summary>The longest refusal message sent (see <see cref="Bounded"/>).</summary>
    public const int MaxMessageLength = 1000;

    /// <summary>The trailer that tells a client when to retry a call refused because the server is busy.</summary>
    public const string RetryPushbackTrailer = "grpc-retry-pushback-ms";

    /// <summary>The locale of the localized message every refusal carries.</summary>
    public const string VietnameseLocale = "vi-VN";

    /// <summary>The trailer holding a status's details (a serialized <c>google.rpc.Status</c>), as gRPC defines it.</summary>
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <summary>At most this many invalid fields are listed in one refusal (the trailers must stay small).</summary>
    private const int MaxFieldRefusals = 30;

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        => Guard(context, _ => continuation(request, context));

    /// <inheritdoc />
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        => Guard(context, _ => continuation(requestStream, context));

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        => Guard(context, async writes =>
        {
            await continuation(request, new DurableResponses<TResponse>(responseStream, engine, writes, context.CancellationToken), context).ConfigureAwait(false);
            return true;
        });

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        => Guard(context, async writes =>
        {
            await continuation(requestStream, new DurableResponses<TResponse>(responseStream, engine, writes, context.CancellationToken), context).ConfigureAwait(false);
            return true;
        });

    /// <summary>The gRPC status of an engine refusal.</summary>
    public static StatusCode StatusOf(TracingError error) => error switch
    {
        TracingError.InvalidArgument => StatusCode.InvalidArgument,
        TracingError.NotFound => StatusCode.NotFound,
        TracingError.AlreadyExists => StatusCode.AlreadyExists,
        TracingError.PermissionDenied => StatusCode.PermissionDenied,
        TracingError.FailedPrecondition => StatusCode.FailedPrecondition,
        TracingError.ResourceExhausted => StatusCode.ResourceExhausted,
        TracingError.Unauthenticated => StatusCode.Unauthenticated,
        TracingError.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    private async Task<T> Guard<T>(ServerCallContext context, Func<WriteTracking, Task<T>> call)
    {
        using var writes = engine.TrackWrites();
        try
        {
            var caller = callers.Resolve(context.RequestHeaders);
            KeyScope.Check(caller, context.BoundMethod());
            context.UserState[CallerKey] = caller;
            var answer = await call(writes).ConfigureAwait(false);
            // Nothing is acknowledged before it is durable: a unary answer (or a stream's final status) waits for the
            // commits of exactly the stores the call wrote, whichever service wrote them.
            await engine.WhenDurableAsync(writes.TakeWritten(), context.CancellationToken).ConfigureAwait(false);
            return answer;
        }
        catch (RpcException cutOff) when (GuardedDecoding.IsCutOff(cutOff))
        {
            // A stream message over the gRPC layer's cap surfaces here, where its limit can be named.
            throw GuardedDecoding.Oversized(context.Method, size: null);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Translate(exception, context);
        }
    }

    /// <summary>
    /// <paramref name="message"/> cut to at most <see cref="MaxMessageLength"/> characters, its middle dropped: a
    /// refusal that quotes a megabyte-long value would not fit the response headers, and the caller would see a broken
    /// connection instead of the refusal. The start (the value) and the end (what to do) are kept.
    /// </summary>
    public static string Bounded(string message)
    {
        const int Kept = (MaxMessageLength - 3) / 2;
        if (message.Length <= MaxMessageLength)
            return message;
        // Never split a surrogate pair (an emoji, say) at either cut.
        var head = char.IsHighSurrogate(message[Kept - 1]) ? Kept - 1 : Kept;
        var tail = char.IsLowSurrogate(message[^Kept]) ? message.Length - Kept + 1 : message.Length - Kept;
        return string.Concat(message.AsSpan(0, head), " … ", message.AsSpan(tail));
    }

    /// <summary>
    /// A refusal as its gRPC status: the English sentence as the status message, and in the status details (the
    /// <c>grpc-status-details-bin</c> trailer) a <c>google.rpc.LocalizedMessage</c> in vi-VN and, for invalid fields, a
    /// <c>google.rpc.BadRequest</c> with each field's sentences. A busy refusal also carries gRPC's retry pushback.
    /// </summary>
    public static RpcException Refused(TracingException refusal)
    {
        var code = StatusOf(refusal.Error);
        var message = Bounded(refusal.Message);
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = VietnameseLocale, Message = Bounded(refusal.Vietnamese) }));
        if (refusal.Fields.Count > 0)
        {
            var invalid = new BadRequest();
            foreach (var field in refusal.Fields.Take(MaxFieldRefusals))
            {
                invalid.FieldViolations.Add(new BadRequest.Types.FieldViolation
                {
                    Field = field.Field,
                    Description = Bounded(field.Message),
                    LocalizedMessage = new LocalizedMessage { Locale = VietnameseLocale, Message = Bounded(field.Vietnamese) },
                });
            }
            status.Details.Add(Any.Pack(invalid));
        }
        var trailers = new Metadata { { StatusDetailsTrailer, status.ToByteArray() } };
        if (refusal.RetryAfter is { } retryAfter)
            trailers.Add(RetryPushbackTrailer, ((long)retryAfter.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new RpcException(new Status(code, message), trailers);
    }

    /// <summary>
    /// A refusal whose status is none of <see cref="TracingError"/>'s (INTERNAL, UNAVAILABLE, CANCELLED) or that comes
    /// from outside the engine (decoding, limits): like <see cref="Refused(TracingException)"/>, the English sentence as
    /// the status message and the Vietnamese one as a <c>google.rpc.LocalizedMessage</c> (vi-VN) in the status details;
    /// <paramref name="trailers"/> (e.g. <c>retry-after</c>) go out beside them.
    /// </summary>
    public static RpcException Refused(StatusCode code, string english, string vietnamese, Metadata? trailers = null)
    {
        var message = Bounded(english);
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = VietnameseLocale, Message = Bounded(vietnamese) }));
        var all = new Metadata { { StatusDetailsTrailer, status.ToByteArray() } };
        foreach (var entry in trailers ?? [])
            all.Add(entry);
        return new RpcException(new Status(code, message), all);
    }

    /// <summary>
    /// The status details (a serialized <c>google.rpc.Status</c>) of <see cref="Refused(StatusCode, string, string, Metadata?)"/>:
    /// for an answer written outside a gRPC call, such as a forwarding silo's.
    /// </summary>
    public static byte[] StatusDetails(StatusCode code, string english, string vietnamese)
        => Refused(code, english, vietnamese).Trailers.GetValueBytes(StatusDetailsTrailer)!;

    private RpcException Translate(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case TracingException refusal:
                return Refused(refusal);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return Refused(StatusCode.Cancelled, "The call was cancelled.", "Yêu cầu đã bị huỷ.");
            // A wait the server's stop ended (a stream's read, a watch's wait): the caller is told to come back.
            case OperationCanceledException when draining.Stopping.IsCancellationRequested:
                return Draining.Refusal();
            default:
                ServerLog.UnexpectedError(logger, context.Method, exception);
                return Refused(StatusCode.Internal, "The server failed to handle this call; it was logged. Retry later.", "Hệ thống gặp lỗi khi xử lý yêu cầu; lỗi đã được ghi lại, bạn vui lòng thử lại sau.");
        }
    }
}
