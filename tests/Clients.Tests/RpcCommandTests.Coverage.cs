using System.Text;
using System.Text.Json;

namespace Tracing.Clients.Tests;

public sealed partial class RpcCommandTests
{
    [Fact]
    public async Task A_health_department_reads_coverage_by_ward_name_with_zeros_and_totals_and_writes_it_as_csv()
    {
        Assert.Equal(0, (await RunAsync("login", "--phone", "0966323780", "--outbox", _server.OutboxPath)).ExitCode);
        var registered = await RunAsync("venue", "register", "--json", "--name", "Chợ Xóm Chiếu", "--province", "79", "--district", "773", "--ward", "27259",
            "--street", "1 Xóm Chiếu", "--registrant", "Phan Văn Chợ", "--registrant-phone", "0966323780");
        var venueId = JsonDocument.Parse(registered.Output).RootElement.GetProperty("venue_id").GetString()!;
        Assert.Equal(0, (await RunAsync("scan", "--venue", venueId, "--name", "Lê Thị Mua", "--phone", "0912000222", "--birth-year", "1960")).ExitCode);
        var shown = await RunAsync("venue", "get", venueId);
        Assert.Contains("province_name: Thành phố Hồ Chí Minh", shown.Output, StringComparison.Ordinal);
        Assert.Contains("district_name: Quận 4", shown.Output, StringComparison.Ordinal);
        Assert.Contains("ward_name: Phường 13", shown.Output, StringComparison.Ordinal);
        var key = Server.Tests.ServerProcess.HealthKey;
        var csvPath = Path.Combine(_config, "quan-4.csv");

        var table = await RunAsync("coverage", "--region", "773", "--api-key", key, "--csv", csvPath);
        var json = await RunAsync("coverage", "--region", "773", "--api-key", key, "--json");
        var badDate = await RunAsync("coverage", "--region", "773", "--api-key", key, "--date", "15/08/2021");
        var otherProvince = await RunAsync("coverage", "--region", "01", "--api-key", key);

        Assert.Equal(0, table.ExitCode);
        var lines = table.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.StartsWith("Báo cáo bao phủ: Quận 4, ngày ", lines[0], StringComparison.Ordinal);
        // Quận 4's 13 wards, each by name; the 12 without a venue come first, with zeros; the district's totals last.
        Assert.Equal(13, lines.Count(l => l.Length > 5 && l[..5].Trim().Length == 5 && l.Contains("Phường ", StringComparison.Ordinal)));
        var scanned = Assert.Single(lines, l => l.StartsWith("27259", StringComparison.Ordinal));
        Assert.Matches(@"^27259\s+Phường 13\s+1\s+1\s+100%\s+1\s", scanned);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d{5}\s+Phường \d+\s+0\s+0\s+0%\s+0\s"));
        Assert.Matches(@"^773\s+Tổng cộng: Quận 4\s+1\s+1\s+100%", Assert.Single(lines, l => l.Contains("Tổng cộng", StringComparison.Ordinal)));
        Assert.Contains("13 khu vực, 12 chưa có địa điểm nào.", table.Output, StringComparison.Ordinal);
        var csv = await File.ReadAllBytesAsync(csvPath);
        Assert.Equal(Encoding.UTF8.GetPreamble(), csv[..3]);
        var csvLines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(15, csvLines.Length);
        Assert.StartsWith("Ngày (giờ Việt Nam),Mã khu vực,Khu vực,", csvLines[0], StringComparison.Ordinal);
        Assert.Contains(",27259,Phường 13,1,1,100,1,1,", csvLines[^2], StringComparison.Ordinal);
        Assert.Contains(",773,Tổng cộng: Quận 4,1,1,100,", csvLines[^1], StringComparison.Ordinal);
        var report = JsonDocument.Parse(json.Output).RootElement;
        var row = report.GetProperty("rows")[12];
        Assert.Equal(("27259", "Phường 13", "1", "1"), (row.GetProperty("region_code").GetString(), row.GetProperty("region_name").GetString(), row.GetProperty("venues_active").GetString(), row.GetProperty("scans").GetString()));
        Assert.Equal("Quận 4", report.GetProperty("total").GetProperty("region_name").GetString());
        Assert.Equal(2, badDate.ExitCode);
        Assert.Contains("YYYY-MM-DD", badDate.Error, StringComparison.Ordinal);
        Assert.Equal(1, otherProvince.ExitCode);
        Assert.StartsWith("lỗi: ", otherProvince.Error, StringComparison.Ordinal);
    }
}
