using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Tracing.Cli.Rpc;

namespace Tracing.Clients.Tests;

/// <summary>How the CLI words a refusal: the address hint only when the server was not reached at all.</summary>
public sealed class RefusalTextTests
{
    private static readonly Dictionary<string, string> s_noOptions = [];

    [Fact]
    public void A_server_that_cannot_be_reached_gets_the_address_hint_one_that_says_why_it_refuses_does_not()
    {
        var unreachable = new RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "Error connecting to subchannel."));
        Assert.Contains(RefusalText.Lines(unreachable, english: false, s_noOptions), line => line.Contains("--server", StringComparison.Ordinal));

        var draining = new Google.Rpc.Status
        {
            Code = (int)Code.Unavailable,
            Message = "The server is stopping; try again in 5 seconds.",
            Details = { Any.Pack(new LocalizedMessage { Locale = "vi-VN", Message = "Máy chủ đang dừng để bảo trì, bạn hãy thử lại sau 5 giây." }) },
        }.ToRpcException();
        Assert.Equal(["lỗi: Máy chủ đang dừng để bảo trì, bạn hãy thử lại sau 5 giây."], RefusalText.Lines(draining, english: false, s_noOptions));
    }
}
