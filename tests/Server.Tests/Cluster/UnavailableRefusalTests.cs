using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Tracing.Cluster.Forwarding;
using Tracing.Server.Grpc;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// A forwarding silo that reaches no owner refuses a gRPC call as the server refuses any: UNAVAILABLE, the English
/// sentence as the status message and the Vietnamese one for people in the status details; a page gets Vietnamese.
/// </summary>
public sealed class UnavailableRefusalTests
{
    private readonly UnavailableRefusal _refusal = new((english, vietnamese) => ErrorsAndCallers.StatusDetails(StatusCode.Unavailable, english, vietnamese));

    [Fact]
    public async Task A_gRPC_call_gets_UNAVAILABLE_in_English_with_the_Vietnamese_in_its_details()
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = "HTTP/2";
        context.Request.ContentType = "application/grpc";

        await _refusal.AnswerAsync(context);

        var headers = context.Response.Headers;
        Assert.Equal("14", headers["grpc-status"].ToString());
        Assert.Equal(UnavailableRefusal.English, Uri.UnescapeDataString(headers["grpc-message"].ToString()));
        Assert.Equal(UnavailableRefusal.Vietnamese, RawGrpc.VietnameseOf(headers["grpc-status-details-bin"].ToString()));
    }

    [Theory]
    [InlineData("HTTP/1.1")]
    [InlineData("HTTP/2")] // a browser over HTTPS
    public async Task A_page_gets_503_in_Vietnamese(string protocol)
    {
        var context = new DefaultHttpContext();
        context.Request.Protocol = protocol;
        context.Response.Body = new MemoryStream();

        await _refusal.AnswerAsync(context);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        context.Response.Body.Position = 0;
        Assert.Equal(UnavailableRefusal.Vietnamese, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
