using System.Text.Json;
using Tracing.Cli;

namespace Tracing.Clients.Tests;

/// <summary>The <c>tracing</c> server commands against a real server: sign in, venues, QR, scans, history.</summary>
public sealed partial class RpcCommandTests : IAsyncLifetime
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), "tracing-cli-tests", Guid.NewGuid().ToString("N"));
    private Server.Tests.ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _server = await Server.Tests.ServerProcess.StartAsync();
        Directory.CreateDirectory(_config);
        Environment.SetEnvironmentVariable("TRACING_CONFIG_DIR", _config);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("TRACING_CONFIG_DIR", null);
        await _server.DisposeAsync();
        Directory.Delete(_config, recursive: true);
    }

    [Fact]
    public async Task A_manager_signs_in_registers_prints_records_at_the_door_and_reads_the_history()
    {
        var login = await RunAsync("login", "--phone", "0966323777", "--outbox", _server.OutboxPath);
        Assert.Equal(0, login.ExitCode);
        Assert.Contains("đã đăng nhập: u-", login.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_config, "token")));
        // The token alone, no byte-order mark: `TRACING_TOKEN=$(cat ~/.config/tracing/token)` works.
        Assert.StartsWith("u-", System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(_config, "token"))), StringComparison.Ordinal);

        var registered = await RunAsync("venue", "register", "--json", "--name", "Quán Cơm Niêu", "--province", "79", "--district", "760", "--ward", "26734",
            "--street", "6C Tú Xương", "--registrant", "Lê Thị Chủ", "--registrant-phone", "0966323777", "--label", "tầng trệt");
        Assert.Equal(0, registered.ExitCode);
        var venue = JsonDocument.Parse(registered.Output).RootElement;
        var venueId = venue.GetProperty("venue_id").GetString()!;
        Assert.Equal("tầng trệt", venue.GetProperty("labels")[0].GetString());

        var listed = await RunAsync("venue", "list");
        Assert.Contains("1 địa điểm", listed.Output, StringComparison.Ordinal);
        Assert.Contains("Tên: Quán Cơm Niêu", listed.Output, StringComparison.Ordinal);

        var poster = Path.Combine(_config, "poster.svg");
        Assert.Equal(0, (await RunAsync("qr", "venue", venueId, "--format", "poster", "--out", poster)).ExitCode);
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(poster), StringComparison.Ordinal);

        var scan = await RunAsync("scan", "--venue", venueId, "--name", "Trương Vĩnh Ký", "--phone", "0912000111", "--birth-year", "1937", "--at", DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"));
        Assert.Equal(0, scan.ExitCode);
        Assert.Contains("Trạng thái: ", scan.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SCAN_STATUS_", scan.Output, StringComparison.Ordinal);

        var history = await RunAsync("history", "--venue", venueId, "--json");
        var records = history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var record = Assert.Single(records);
        Assert.Equal("TRƯƠNG VĨNH ***", JsonDocument.Parse(record).RootElement.GetProperty("scan").GetProperty("visitor_name").GetString());
        var forPeople = (await RunAsync("history", "--venue", venueId)).Output;
        Assert.Contains("Người đến: TRƯƠNG VĨNH ***", forPeople, StringComparison.Ordinal);
        Assert.Contains("Chiều: vào", forPeople, StringComparison.Ordinal);
        Assert.Contains("Cách ghi nhận: nhập tay tại cửa", forPeople, StringComparison.Ordinal);
        Assert.Contains("(GMT+7)", forPeople, StringComparison.Ordinal);

        var csv = Path.Combine(_config, "history.csv");
        Assert.Equal(0, (await RunAsync("history", "--venue", venueId, "--csv", csv)).ExitCode);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, (await File.ReadAllBytesAsync(csv))[..3]);
    }

    [Fact]
    public async Task Refusals_say_what_is_wrong_and_exit_non_zero()
    {
        var typo = await RunAsync("venue", "get", "v-123", "--token", "not-a-token");
        var noTarget = await RunAsync("scan");
        var badServer = await RunAsync("venue", "list", "--server", "nonsense");
        var anonymous = await RunAsync("venue", "list");

        Assert.Equal(1, typo.ExitCode);
        Assert.StartsWith("lỗi: ", typo.Error, StringComparison.Ordinal);
        Assert.Equal(2, noTarget.ExitCode);
        Assert.Contains("hãy ghi --qr", noTarget.Error, StringComparison.Ordinal);
        Assert.Equal(2, badServer.ExitCode);
        Assert.Contains("không phải địa chỉ máy chủ", badServer.Error, StringComparison.Ordinal);
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Contains("tracing login", anonymous.Error, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] full = args.Contains("--server") ? args : [.. args, "--server", _server.GrpcAddress];
        var exitCode = await TracingCommandLine.InvokeAsync(full, new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
