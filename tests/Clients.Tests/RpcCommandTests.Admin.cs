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

    [Fact]
    public async Task A_refused_backup_leaves_no_folder_and_an_accepted_one_restores_with_a_hint_for_any_installation()
    {
        var backups = Path.Combine(_config, "backups");
        var byHealthDepartment = await RunAsync("admin", "backup", "--out", Path.Combine(backups, "health"), "--api-key", Server.Tests.ServerProcess.HealthKey);
        var withoutKey = await RunAsync("admin", "backup", "--out", Path.Combine(backups, "anonymous"));

        Assert.Equal(1, byHealthDepartment.ExitCode);
        Assert.StartsWith("lỗi: ", byHealthDepartment.Error, StringComparison.Ordinal);
        Assert.Equal(1, withoutKey.ExitCode);
        // Not even the parent folder the command would have made.
        Assert.False(Directory.Exists(backups));

        var accepted = await RunAsync("admin", "backup", "--out", Path.Combine(backups, "nightly"), "--api-key", Server.Tests.ServerProcess.OperatorKey);
        Assert.True(accepted.ExitCode == 0, accepted.Error);
        Assert.Equal(0, (await RunAsync("admin", "verify", Path.Combine(backups, "nightly"))).ExitCode);

        var target = Path.Combine(_config, "restored");
        var restored = await RunAsync("admin", "restore", "--from", Path.Combine(backups, "nightly"), "--data-dir", target);
        Assert.Equal(0, restored.ExitCode);
        // The server to start is whichever is installed, not the source tree's (which a rollback must not run).
        Assert.Contains($"--Tracing:DataDir={target}", restored.Output, StringComparison.Ordinal);
        Assert.Contains($"Tracing__DataDir={target}", restored.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dotnet run", restored.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("src/Server", restored.Output, StringComparison.Ordinal);
    }
}
