using System.Text.Json;

namespace Tracing.Clients.Tests;

public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task A_phone_without_sms_declares_uploads_its_queued_scans_and_reads_its_exposures()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323781", "--outbox", _server.OutboxPath)).ExitCode);
        var registered = await RunAsync("venue", "register", "--json", "--name", "Tiệm bánh mì", "--province", "79", "--district", "760", "--ward", "26734",
            "--street", "26 Lê Thị Riêng", "--registrant", "Huỳnh Văn Bánh", "--registrant-phone", "0966323781");
        var payload = JsonDocument.Parse(registered.Output).RootElement.GetProperty("qr_payload").GetString()!;

        var device = await RunAsync("device");
        var declared = await RunAsync("declare", "--name", "Võ Thị Sáu", "--birth-year", "1985");
        var status = await RunAsync("declare", "status", "--json");
        var at = DateTimeOffset.UtcNow.AddMinutes(-20);
        var queue = Path.Combine(_config, "scans.jsonl");
        await File.WriteAllLinesAsync(queue,
        [
            Scan("q1", payload, "DIRECTION_IN", at),
            Scan("q2", payload[..^1] + (payload[^1] == 'A' ? 'B' : 'A'), "DIRECTION_IN", at.AddMinutes(1)),
            "",
            Scan("q3", payload, "DIRECTION_OUT", at.AddMinutes(10)),
        ]);
        var uploaded = await RunAsync("scans", "upload", "--file", queue);
        var exposures = await RunAsync("exposures");
        var badLine = Path.Combine(_config, "bad.jsonl");
        await File.WriteAllTextAsync(badLine, "{\"client_event_id\": 5, \"nonsense\": true}\n");
        var refusedFile = await RunAsync("scans", "upload", "--file", badLine);

        Assert.Equal(0, device.ExitCode);
        Assert.Contains("đã đăng ký thiết bị u-", device.Output, StringComparison.Ordinal);
        Assert.Equal(0, declared.ExitCode);
        Assert.True(JsonDocument.Parse(status.Output).RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(0, uploaded.ExitCode);
        Assert.Contains("đã ghi nhận 2 lượt quét, từ chối 1", uploaded.Output, StringComparison.Ordinal);
        Assert.Contains("0 cảnh báo tiếp xúc", exposures.Output, StringComparison.Ordinal);
        Assert.Equal(2, refusedFile.ExitCode);
        Assert.Contains("bad.jsonl:1", refusedFile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_everywhere_ends_the_sessions_of_the_person_on_the_server()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323782", "--outbox", _server.OutboxPath)).ExitCode);
        var token = (await File.ReadAllTextAsync(Path.Combine(_config, "token"))).Trim();

        var logout = await RunAsync("logout", "--everywhere", "--lang", "en");
        var withOldToken = await RunAsync("exposures", "--token", token, "--lang", "en");

        Assert.Equal(0, logout.ExitCode);
        Assert.Contains("signed out on every device", logout.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_config, "token")));
        Assert.Equal(1, withOldToken.ExitCode);
        Assert.Contains("signed out", withOldToken.Error, StringComparison.Ordinal);
    }

    private static string Scan(string id, string payload, string direction, DateTimeOffset at) =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["client_event_id"] = id,
            ["qr_payload"] = payload,
            ["direction"] = direction,
            ["scanned_at"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["method"] = "SCAN_METHOD_SELF",
        });
}
