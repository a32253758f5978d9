using System.Globalization;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tracing.Server.Grpc.Decoding;

/// <summary>
/// Request decoding that answers like the rest of the contract. gRPC would answer a message that is not valid
/// protobuf with UNKNOWN "Exception was thrown by handler." (unary calls) or let the parser's exception reach the
/// service (streams); here it is INVALID_ARGUMENT naming the message type and what is wrong, and a message over
/// <see cref="RequestLimits.MaxMessageBytes"/> is RESOURCE_EXHAUSTED naming the limit. Both happen before any
/// service code runs, so nothing of such a message is stored.
/// </summary>
internal static class GuardedDecoding
{
    /// <summary>What grpc-dotnet says when a message is over <c>MaxReceiveMessageSize</c>.</summary>
    private const string GrpcCutOffMessage = "Received message exceeds the maximum configured message size.";

    /// <summary>
    /// Replaces gRPC's method discovery by <see cref="GuardedMethodProvider{TService}"/>, which guards the decoding of
    /// the tracing.v1 services and leaves other services to gRPC's own providers.
    /// </summary>
    public static IGrpcServerBuilder AddGuardedDecoding(this IGrpcServerBuilder grpc)
    {
        var defaults = grpc.Services.Where(d => d.ServiceType == typeof(IServiceMethodProvider<>) && d.ImplementationType is not null).ToList();
        foreach (var descriptor in defaults)
            grpc.Services.Remove(descriptor);
        grpc.Services.AddSingleton(new GrpcMethodProviders([.. defaults.Select(d => d.ImplementationType!)]));
        grpc.Services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IServiceMethodProvider<>), typeof(GuardedMethodProvider<>)));
        return grpc;
    }

    /// <summary><paramref name="method"/> with a request marshaller that refuses oversized and undecodable messages.</summary>
    public static Method<TRequest, TResponse> Guard<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        var decode = method.RequestMarshaller.ContextualDeserializer;
        var messageName = MessageName<TRequest>();
        var marshaller = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context => Decode(context, decode, messageName));
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    private static T Decode<T>(DeserializationContext context, Func<DeserializationContext, T> decode, string messageName)
    {
        if (context.PayloadLength > RequestLimits.MaxMessageBytes)
            throw Oversized(messageName, context.PayloadLength);
        try
        {
            return decode(context);
        }
        catch (InvalidProtocolBufferException malformed)
        {
            throw ErrorsAndCallers.Refused(
                StatusCode.InvalidArgument,
                $"The request is not a valid {messageName} message ({malformed.Message.TrimEnd('.')}). Encode it with the tracing.v1 protos (the server offers them by gRPC reflection); nothing of it was stored.",
                "Yêu cầu gửi đến không đúng định dạng nên không được xử lý, và không có gì được lưu. Bạn hãy cập nhật ứng dụng lên phiên bản mới nhất rồi thử lại.");
        }
    }

    /// <summary>The refusal of a request message over <see cref="RequestLimits.MaxMessageBytes"/>, naming the limit.</summary>
    /// <param name="what">The message type, or the method when the type is not known.</param>
    /// <param name="size">Its size, or null when the gRPC layer cut it off unread (over <see cref="RequestLimits.TransportCapBytes"/>).</param>
    public static RpcException Oversized(string what, long? size)
    {
        var actual = size is { } bytes
            ? string.Create(CultureInfo.InvariantCulture, $"The {what} message is {bytes:N0} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"A {what} message is over {RequestLimits.TransportCapBytes >> 20} MiB");
        // Only a contact batch comes near the limit legitimately; anything else that large is a client gone wrong.
        var advice = what.Contains("Contact", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"Send contact observations in batches of at most {Matching.Ledger.Contacts.MaxBatchSize:N0}.")
            : "No valid request of the contract comes near that size; check what the client puts in it.";
        var vietnamese = what.Contains("Contact", StringComparison.Ordinal)
            ? string.Create(CultureInfo.InvariantCulture, $"Dữ liệu gửi lên quá lớn: mỗi lần gửi tối đa 1 MB, tức khoảng {Matching.Ledger.Contacts.MaxBatchSize:N0} lượt tiếp xúc. Ứng dụng cần chia thành nhiều lần gửi nhỏ hơn.")
            : "Dữ liệu gửi lên quá lớn (mỗi lần gửi tối đa 1 MB) nên không được xử lý. Bạn hãy kiểm tra lại nội dung đã nhập.";
        return ErrorsAndCallers.Refused(
            StatusCode.ResourceExhausted,
            string.Create(CultureInfo.InvariantCulture, $"{actual}; the server reads at most {RequestLimits.MaxMessageBytes:N0} bytes (1 MiB) per message. {advice}"),
            vietnamese);
    }

    /// <summary>Whether <paramref name="exception"/> is the gRPC layer refusing a message over its cap, before reading it.</summary>
    public static bool IsCutOff(RpcException exception)
        => exception.StatusCode == StatusCode.ResourceExhausted && exception.Status.Detail == GrpcCutOffMessage;

    private static string MessageName<T>()
        => typeof(IMessage).IsAssignableFrom(typeof(T)) && Activator.CreateInstance(typeof(T)) is IMessage message
            ? message.Descriptor.FullName
            : typeof(T).Name;
}
