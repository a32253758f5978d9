using Tracing.Harness;

namespace Tracing.Clients.Tests;

/// <summary>The operator's commands and signing in, as an operator meets them: health check, backup, restore, a stale saved token.</summary>
public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task The_health_check_exits_0_on_a_serving_server_and_non_zero_saying_what_to_check_on_an_unreachable_one()
    {
        // A token saved for another server is not sent: the health check needs none.
        await File.WriteAllTextAsync(Path.Combine(_config, "token"), "u-stale.token-of-another-server");
        var serving = await RunAsync("admin", "health");
        var json = await RunAsync("admin", "health", "--json");
        var unreachable = await RunAsync("admin", "health", "--server", $"http://127.0.0.1:{LoopbackPorts.Free()}");
        var english = await RunAsync("admin", "health", "--server", $"http://127.0.0.1:{LoopbackPorts.Free()}", "--lang", "en");

        Assert.Equal(0, serving.ExitCode);
        Assert.Equal($"{_server.GrpcAddress}: SERVING — máy chủ đang phục vụ.", serving.Output.Trim());
        Assert.Equal("SERVING", System.Text.Json.JsonDocument.Parse(json.Output).RootElement.GetProperty("status").GetString());
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Empty(unreachable.Output);
        Assert.Contains("lỗi: không kết nối được máy chủ", unreachable.Error, StringComparison.Ordinal);
        Assert.Contains("máy chủ đang chạy chưa? kiểm tra --server", unreachable.Error, StringComparison.Ordinal);
        Assert.Equal(1, english.ExitCode);
        Assert.Contains("is the server running? check --server", english.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_works_whatever_token_is_saved()
    {
        // What an old sign-in leaves behind: a token this server refuses (another server's, or one signed out).
        var saved = Path.Combine(_config, "token");
        await File.WriteAllTextAsync(saved, "u-stale.token-of-another-server");
        Assert.Equal(1, (await RunAsync("exposures")).ExitCode);

        var login = await RunAsync("login", "--phone", "0966323778", "--outbox", _server.OutboxPath);
        Assert.True(login.ExitCode == 0, login.Error);
        Assert.Contains("đã đăng nhập: u-", login.Output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("exposures")).ExitCode);

        await File.WriteAllTextAsync(saved, "u-stale.token-of-another-server");
        var device = await RunAsync("device");
        Assert.True(device.ExitCode == 0, device.Error);
        Assert.Equal(0, (await RunAsync("exposures")).ExitCode);
    }
}
