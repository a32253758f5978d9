using System.Text.Json;

namespace Tracing.Clients.Tests;

public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task A_health_department_reads_coverage_by_ward_from_the_command_line()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323780", "--outbox", _server.OutboxPath)).ExitCode);
        var registered = await RunAsync("venue", "register", "--json", "--name", "Chợ Xóm Chiếu", "--province", "79", "--district", "773", "--ward", "27259",
            "--street", "1 Xóm Chiếu", "--registrant", "Phan Văn Chợ", "--registrant-phone", "0966323780");
        var venueId = JsonDocument.Parse(registered.Output).RootElement.GetProperty("venue_id").GetString()!;
        Assert.Equal(0, (await RunAsync("scan", "--venue", venueId, "--name", "Lê Thị Mua", "--phone", "0912000222", "--birth-year", "1960")).ExitCode);
        var key = Server.Tests.ServerProcess.HealthKey;

        var table = await RunAsync("coverage", "--region", "773", "--api-key", key);
        var json = await RunAsync("coverage", "--region", "773", "--api-key", key, "--json");
        var badDate = await RunAsync("coverage", "--region", "773", "--api-key", key, "--date", "15/08/2021");
        var otherProvince = await RunAsync("coverage", "--region", "01", "--api-key", key);

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("27259", table.Output, StringComparison.Ordinal);
        Assert.Contains("1 region(s), least covered first", table.Output, StringComparison.Ordinal);
        var row = JsonDocument.Parse(json.Output).RootElement.GetProperty("rows")[0];
        Assert.Equal(("27259", "1", "1"), (row.GetProperty("region_code").GetString(), row.GetProperty("venues_active").GetString(), row.GetProperty("scans").GetString()));
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("YYYY-MM-DD", badDate.Error, StringComparison.Ordinal);
        Assert.Equal(1, otherProvince.ExitCode);
        Assert.StartsWith("lỗi: ", otherProvince.Error, StringComparison.Ordinal);
    }
}
