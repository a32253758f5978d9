using System.Text.Json;

namespace Tracing.Clients.Tests;

public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task A_case_is_reported_its_phone_uploads_keys_and_contacts_and_partners_read_the_feed()
    {
        const string phone = "0966323888";
        Assert.Equal(0, (await RunAsync("login", "--phone", phone, "--outbox", _server.OutboxPath)).ExitCode);
        Assert.Equal(0, (await RunAsync("declare", "--name", "Phan Bội Châu", "--birth-year", "1967", "--symptom", "fever")).ExitCode);
        var entryMissing = await RunAsync("declare", "--name", "John Smith", "--birth-year", "1980", "--kind", "entry", "--passport", "C1234567", "--lang", "en");
        Assert.Equal(1, entryMissing.ExitCode);
        Assert.Contains("--from-country", entryMissing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("entry.departure_country", entryMissing.Error, StringComparison.Ordinal);

        var now = DateTimeOffset.UtcNow;
        var batch = Path.Combine(_config, "batches.jsonl");
        var seenAt = now.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(batch, $$"""{"batch_id":"b1","observations":[{"rpi":"{{Convert.ToBase64String(new byte[16])}}","aem":"AAAAAA==","seen_at":"{{seenAt}}","duration_seconds":300,"rssi":-60,"tx_power":-5}]}""" + "\n");
        var uploaded = await RunAsync("contacts", "upload", "--file", batch, "--json");
        Assert.Equal(0, uploaded.ExitCode);
        Assert.Equal("1", JsonDocument.Parse(uploaded.Output).RootElement.GetProperty("accepted").GetString());

        var reported = await RunAsync("case", "report", "--phone", phone, "--onset", now.AddDays(-1).ToString("O"), "--api-key", Server.Tests.ServerProcess.HealthKey, "--json");
        Assert.Equal(0, reported.ExitCode);
        var report = JsonDocument.Parse(reported.Output).RootElement;
        var caseId = report.GetProperty("case_id").GetString()!;
        var code = report.GetProperty("verification_code").GetString()!;

        var interval = now.ToUnixTimeSeconds() / 86_400 * 144;
        var keys = await RunAsync("case", "keys", "--code", code, "--key", $"75c734c6dd1a782de7a965da5eb93125@{interval}/144");
        Assert.Equal(0, keys.ExitCode);
        Assert.Contains("Số khoá đã nhận: 1", keys.Output, StringComparison.Ordinal);
        var traced = await RunAsync("case", "trace", caseId, "--api-key", Server.Tests.ServerProcess.HealthKey, "--lang", "en");
        Assert.Equal(0, traced.ExitCode);
        Assert.Contains("keys_uploaded: True", traced.Output, StringComparison.Ordinal);

        var feed = await RunAsync("notifications", "fetch", "--api-key", Server.Tests.ServerProcess.PartnerKey, "--json");
        Assert.Equal(0, feed.ExitCode);
        Assert.True(JsonDocument.Parse(feed.Output).RootElement.TryGetProperty("next_token", out _));
        var badKey = await RunAsync("case", "keys", "--code", code, "--key", "xyz@1");
        Assert.Equal(2, badKey.ExitCode);
        Assert.Contains("hệ mười sáu", badKey.Error, StringComparison.Ordinal);
    }
}
