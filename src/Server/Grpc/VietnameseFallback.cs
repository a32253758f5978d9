using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using LocalizedMessage = Google.Rpc.LocalizedMessage;

namespace Tracing.Server.Grpc;

/// <summary>
/// The last line of "every refusal speaks Vietnamese": a refusal the gRPC layer itself answers before any of this
/// server's code runs (a broken frame, a compressed message without its encoding, an unknown method) has no status
/// details; this middleware adds a <c>google.rpc.LocalizedMessage</c> (vi-VN) saying in general words what happened,
/// beside gRPC's English message. Refusals of the services already carry their own (see
/// <see cref="ErrorsAndCallers.Refused(Matching.TracingException)"/>) and are left as they are.
/// </summary>
internal static class VietnameseFallback
{
    private const string StatusHeader = "grpc-status";
    private const string MessageHeader = "grpc-message";
    private const string DetailsHeader = "grpc-status-details-bin";

    /// <summary>Adds the middleware (before the gRPC endpoints).</summary>
    public static void UseVietnameseFallback(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        // A refusal before any answer goes "trailers-only": its status travels in the response headers.
        context.Response.OnStarting(() =>
        {
            AddDetails(context.Response.Headers);
            return Task.CompletedTask;
        });
        await next(context).ConfigureAwait(false);
        if (context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers is { IsReadOnly: false } trailers)
            AddDetails(trailers);
    });

    /// <summary>A general Vietnamese sentence for a status the gRPC layer answered.</summary>
    public static string Sentence(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => "Yêu cầu gửi đến không hợp lệ. Bạn hãy kiểm tra thông tin đã nhập rồi thử lại.",
        StatusCode.ResourceExhausted => "Yêu cầu gửi đến quá lớn hoặc quá nhiều. Bạn vui lòng thử lại sau.",
        StatusCode.Internal => "Yêu cầu gửi đến bị hỏng hoặc hệ thống gặp lỗi khi xử lý. Bạn hãy cập nhật ứng dụng rồi thử lại sau.",
        StatusCode.Unimplemented => "Hệ thống không có chức năng mà ứng dụng yêu cầu. Bạn hãy cập nhật ứng dụng lên phiên bản mới nhất.",
        StatusCode.Unavailable => "Hệ thống tạm thời không phục vụ được. Bạn vui lòng thử lại sau ít phút.",
        StatusCode.Cancelled => "Yêu cầu đã bị huỷ.",
        StatusCode.DeadlineExceeded => "Yêu cầu mất quá nhiều thời gian nên đã dừng. Bạn vui lòng thử lại.",
        StatusCode.Unauthenticated => "Bạn hãy đăng nhập lại.",
        StatusCode.PermissionDenied => "Bạn không có quyền làm việc này.",
        StatusCode.NotFound => "Không tìm thấy thông tin được yêu cầu.",
        _ => "Hệ thống không xử lý được yêu cầu. Bạn vui lòng thử lại sau.",
    };

    private static void AddDetails(IHeaderDictionary headers)
    {
        if (!headers.TryGetValue(StatusHeader, out var value) || !int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var code) || code == 0 || headers.ContainsKey(DetailsHeader))
            return;
        var english = headers.TryGetValue(MessageHeader, out var message) ? Uri.UnescapeDataString(message.ToString()) : "";
        var status = new Google.Rpc.Status { Code = code, Message = english };
        status.Details.Add(Any.Pack(new LocalizedMessage { Locale = ErrorsAndCallers.VietnameseLocale, Message = Sentence((StatusCode)code) }));
        headers[DetailsHeader] = Convert.ToBase64String(status.ToByteArray());
    }
}
