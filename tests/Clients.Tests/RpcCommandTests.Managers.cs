using System.Text.Json;

namespace Tracing.Clients.Tests;

public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task A_venues_managers_are_added_by_phone_or_by_the_registrants_code_and_the_registrant_stays()
    {
        const string Owner = "0966323782", Asker = "0966323783", CoManager = "0966323784";
        Assert.Equal(0, (await RunAsync("login", "--phone", Owner, "--outbox", _server.OutboxPath)).ExitCode);
        var registered = await RunAsync("venue", "register", "--json", "--name", "Quán Cà Phê Ba Chủ", "--province", "79", "--district", "760", "--ward", "26734",
            "--street", "3 Đồng Khởi", "--registrant", "Lê Văn Chủ");
        var venueId = JsonDocument.Parse(registered.Output).RootElement.GetProperty("venue_id").GetString()!;
        Assert.Equal(Owner, JsonDocument.Parse(registered.Output).RootElement.GetProperty("registrant_phone").GetString());
        var added = await RunAsync("venue", "managers", "add", venueId, CoManager);

        Assert.Equal(0, (await RunAsync("login", "--phone", Asker, "--outbox", _server.OutboxPath)).ExitCode);
        var withoutCode = await RunAsync("venue", "add", venueId);
        var outbox = new SmsOutbox(_server.OutboxPath);
        var mark = outbox.GetPosition();
        var requested = await RunAsync("venue", "request-access", venueId);
        var code = await outbox.WaitForCodeAsync(Owner, mark, TimeSpan.FromSeconds(10));
        var approved = await RunAsync("venue", "add", venueId, "--code", code);
        var listed = await RunAsync("venue", "managers", "list", venueId, "--json");
        var removed = await RunAsync("venue", "managers", "remove", venueId, CoManager);
        var registrantId = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Single(m => m.TryGetProperty("registrant", out var r) && r.GetBoolean()).GetProperty("user_id").GetString()!;
        var registrantRemoved = await RunAsync("venue", "managers", "remove", venueId, registrantId, "--lang", "en");
        var after = await RunAsync("venue", "managers", "list", venueId);

        Assert.Equal(0, added.ExitCode);
        Assert.Contains("0966 323 ***", added.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, withoutCode.ExitCode);
        Assert.Contains("--code", withoutCode.Error, StringComparison.Ordinal);
        Assert.Equal(0, requested.ExitCode);
        Assert.Contains("tracing venue add", requested.Output, StringComparison.Ordinal);
        Assert.Equal(0, approved.ExitCode);
        Assert.Equal(3, listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(Asker, listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(CoManager, listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, removed.ExitCode);
        Assert.Equal(1, registrantRemoved.ExitCode);
        Assert.Contains("registrant", registrantRemoved.Error, StringComparison.Ordinal);
        Assert.Contains("2 người quản lý", after.Output, StringComparison.Ordinal);
    }
}
