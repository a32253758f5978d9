using System.Text.Json;

namespace Tracing.Clients.Tests;

public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task A_parent_declares_for_a_child_without_a_phone_and_writes_the_childs_personal_code()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323782", "--outbox", _server.OutboxPath)).ExitCode);
        var declared = await RunAsync("declare", "--name", "Đỗ Bé Bi", "--birth-year", "2019", "--on-behalf", "--json");
        Assert.Equal(0, declared.ExitCode);
        var child = JsonDocument.Parse(declared.Output).RootElement.GetProperty("subject_user_id").GetString()!;
        var file = Path.Combine(_config, "child.svg");

        var written = await RunAsync("qr", "personal", "--dependent", child, "--format", "svg", "--out", file);

        Assert.Equal(0, written.ExitCode);
        Assert.Contains(child, written.Output, StringComparison.Ordinal);
        Assert.StartsWith("<", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }
}
