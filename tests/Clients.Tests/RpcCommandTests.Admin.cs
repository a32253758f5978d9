namespace Tracing.Clients.Tests;

/// <summary>The operator's commands and signing in, as an operator meets them: health check, backup, restore, a stale saved token.</summary>
public sealed partial class RpcCommandTests
{
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
