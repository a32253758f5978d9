using Microsoft.AspNetCore.Http;

namespace Tracing.Cluster.Forwarding;

/// <summary>
/// What a forwarding silo answers when no owner of the control store can be reached: a gRPC call gets UNAVAILABLE
/// shaped as every refusal of the server — the English sentence as the status message, the Vietnamese one as a
/// <c>google.rpc.LocalizedMessage</c> in the status details, built by the host (<paramref name="statusDetails"/>:
/// English, Vietnamese → the serialized <c>google.rpc.Status</c>) — and a page a 503 in Vietnamese, for people.
/// </summary>
public sealed class UnavailableRefusal(Func<string, string, byte[]> statusDetails)
{
    /// <summary>The refusal for developers and operators.</summary>
    public const string English = "The cluster is moving the control store to another silo after a failure; try again in a few minutes.";

    /// <summary>The refusal for people.</summary>
    public const string Vietnamese = "Hệ thống đang chuyển sang máy chủ khác sau một sự cố nên tạm thời chưa phục vụ được. Bạn vui lòng thử lại sau ít phút.";

    private readonly string _details = Convert.ToBase64String(statusDetails(English, Vietnamese));

    /// <summary>Answers <paramref name="context"/>'s request with the refusal (nothing of it was sent yet).</summary>
    public async Task AnswerAsync(HttpContext context)
    {
        context.Response.Clear();
        // A gRPC call by its content type: a browser asks for pages over HTTP/2 too (HTTPS), and must get the page.
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            // A trailers-only gRPC answer: the status travels in the headers of an empty response.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "14";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(English);
            context.Response.Headers["grpc-status-details-bin"] = _details;
            return;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "10";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(Vietnamese, context.RequestAborted).ConfigureAwait(false);
    }
}
