using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Tracing.Clients;
using Tracing.Harness;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// One-time codes reach people through a real SMS sender outside Development: the development outbox (codes and
/// phones in a plain file) stops the start elsewhere, with what to set; the HTTP gateway sender is configured by
/// settings alone and writes no outbox.
/// </summary>
public sealed class SmsSenderTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tracing-sms-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
    }

    [Theory]
    [InlineData("--environment=Production")]
    [InlineData("--environment=Staging")]
    [InlineData("--environment=Production", "--Tracing:Sms:Sender=Outbox")]
    public async Task Outside_Development_the_server_refuses_to_start_without_a_real_sender_and_says_what_to_set(params string[] settings)
    {
        await using var app = TracingServer.Build([.. Basics(), .. settings]);

        var refused = Assert.Throws<InvalidOperationException>(() => TracingServer.OpenStore(app));

        Assert.Contains("Tracing:Sms:Sender=Http", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Tracing:Sms:Http:Url", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ISmsSender", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dataDir, "outbox", "sms.jsonl")));
    }

    [Fact]
    public async Task In_Development_the_outbox_is_the_default()
    {
        await using var app = TracingServer.Build([.. Basics(), "--environment=Development"]);

        TracingServer.OpenStore(app);

        Assert.IsType<Server.Messaging.OutboxSmsSender>(app.Services.GetService(typeof(Server.Messaging.ISmsSender)));
    }

    [Theory]
    [InlineData("--Tracing:Sms:Sender=Carrier-pigeon", "Tracing:Sms:Sender is 'Carrier-pigeon'")]
    [InlineData("--Tracing:Sms:Sender=Http", "Tracing:Sms:Http:Url")]
    public async Task A_sender_setting_that_cannot_work_stops_the_start_with_what_to_fix(string setting, string explanation)
    {
        await using var app = TracingServer.Build([.. Basics(), "--environment=Production", setting]);

        var refused = Assert.Throws<InvalidOperationException>(() => TracingServer.OpenStore(app));

        Assert.Contains(explanation, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_http_sender_posts_each_code_to_the_gateway_and_writes_no_outbox()
    {
        using var gateway = new HttpListener();
        var gatewayUrl = $"http://127.0.0.1:{LoopbackPorts.Free()}/sms/";
        gateway.Prefixes.Add(gatewayUrl);
        gateway.Start();
        var grpc = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        await using var app = TracingServer.Build(
        [
            .. Basics(), "--environment=Production", $"--Kestrel:Endpoints:Grpc:Url={grpc}", $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{LoopbackPorts.Free()}",
            "--Tracing:Sms:Sender=Http", $"--Tracing:Sms:Http:Url={gatewayUrl}", "--Tracing:Sms:Http:Authorization=Bearer gateway-secret",
        ]);
        TracingServer.OpenStore(app);
        await app.StartAsync();
        using var anonymous = TracingClient.Anonymous(grpc);
        var phone = Citizens.NewPhone();

        var received = gateway.GetContextAsync();
        var requested = anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone }).ResponseAsync;
        var request = await received;
        using var body = await JsonDocument.ParseAsync(request.Request.InputStream);
        request.Response.StatusCode = 202;
        request.Response.Close();
        await requested;

        Assert.Equal("POST", request.Request.HttpMethod);
        Assert.Equal("Bearer gateway-secret", request.Request.Headers["Authorization"]);
        Assert.EndsWith(phone[1..], body.RootElement.GetProperty("to").GetString(), StringComparison.Ordinal);
        var code = System.Text.RegularExpressions.Regex.Match(body.RootElement.GetProperty("text").GetString()!, "[0-9]{6}").Value;
        var verified = await anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code });
        Assert.NotEmpty(verified.AccessToken);
        Assert.False(Directory.Exists(Path.Combine(_dataDir, "outbox")));
        await app.StopAsync();
    }

    [Fact]
    public async Task A_gateway_that_refuses_the_message_is_reported_as_unavailable()
    {
        using var gateway = new HttpListener();
        var gatewayUrl = $"http://127.0.0.1:{LoopbackPorts.Free()}/sms/";
        gateway.Prefixes.Add(gatewayUrl);
        gateway.Start();
        var grpc = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        await using var app = TracingServer.Build(
        [
            .. Basics(), "--environment=Production", $"--Kestrel:Endpoints:Grpc:Url={grpc}", $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{LoopbackPorts.Free()}",
            "--Tracing:Sms:Sender=Http", $"--Tracing:Sms:Http:Url={gatewayUrl}",
        ]);
        TracingServer.OpenStore(app);
        await app.StartAsync();
        using var anonymous = TracingClient.Anonymous(grpc);

        var received = gateway.GetContextAsync();
        var requested = anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = Citizens.NewPhone() }).ResponseAsync;
        var request = await received;
        request.Response.StatusCode = 503;
        request.Response.Close();

        await Refusals.AssertAsync(global::Grpc.Core.StatusCode.Unavailable, () => requested, "SMS gateway");
        await app.StopAsync();
    }

    private string[] Basics() =>
    [
        $"--Tracing:DataDir={_dataDir}", "--Tracing:StoreMemorySizeBits=25", "--Tracing:StoreIndexSizeBits=14", "--Logging:LogLevel:Default=Warning",
        "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0", "--Kestrel:Endpoints:Web:Url=http://127.0.0.1:0",
    ];

}
