using System.Text.Json;
using Tracing.Cli;
using Tracing.Cli.Simulation;
using Tracing.Server.Tests;

namespace Tracing.Clients.Tests;

/// <summary><c>tracing simulate</c> end to end against the real server: a small city, scored against its ground truth.</summary>
public sealed class SimulateCommandTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tracing-simulate-tests", Guid.NewGuid().ToString("N"));
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        Directory.CreateDirectory(_folder);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_small_city_is_traced_with_high_recall_among_app_users_and_a_chart_is_drawn_under_the_data_folder()
    {
        // Given only the server's data folder, it reads the OTPs from its outbox and writes the chart under it.
        var (exitCode, output, error) = await RunAsync(
            "simulate", "--people", "250", "--days", "3", "--seed", "11", "--seed-cases", "3", "--json", "--recursive",
            "--api-key", ServerProcess.HealthKey, "--data-dir", _server.DataDir, "--server", _server.GrpcAddress);

        Assert.True(exitCode == 0, error);
        var result = JsonDocument.Parse(output).RootElement;
        var chart = Path.Combine(Path.GetFullPath(_server.DataDir), "charts", "simulation.png");
        Assert.Equal(chart, result.GetProperty("chart").GetString());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(chart));
        Assert.Equal(250, result.GetProperty("people").GetInt32());
        Assert.Equal(0, result.GetProperty("scans_rejected").GetInt64());
        // People who never declared are still recorded (DECLARATION_REQUIRED), and traced.
        Assert.True(result.GetProperty("scans_declaration_required").GetInt64() > 0);
        Assert.Equal(result.GetProperty("scans").GetInt64(), result.GetProperty("scans_accepted").GetInt64() + result.GetProperty("scans_declaration_required").GetInt64());
        Assert.Equal(0, result.GetProperty("observations_rejected").GetInt64());
        Assert.Equal(result.GetProperty("observations").GetInt64(), result.GetProperty("observations_accepted").GetInt64());
        Assert.Equal(0, result.GetProperty("exposures_outside").GetInt32());
        Assert.True(result.GetProperty("cases_reported").GetInt32() >= 2);

        var f1 = result.GetProperty("f1");
        var f2 = result.GetProperty("f2");
        foreach (var tier in new[] { f1, f2 })
        {
            foreach (var field in new[] { "truth", "found", "correct", "precision", "recall", "recall_with_app" })
                Assert.True(tier.TryGetProperty(field, out _), field);
        }

        // Enough exposed people with the app that the recall means something, found nearly all, with few false alarms.
        Assert.True(f1.GetProperty("truth_with_app").GetInt32() >= 20, f1.ToString());
        Assert.True(f1.GetProperty("recall_with_app").GetDouble() >= 0.85, f1.ToString());
        Assert.True(f1.GetProperty("precision").GetDouble() >= 0.85, f1.ToString());
        // Each way of being exposed works on its own: venues through the scans, proximity through the observations and keys.
        Assert.True(f1.GetProperty("venue_truth_with_app").GetInt32() >= 10 && f1.GetProperty("venue_recall_with_app").GetDouble() >= 0.8, f1.ToString());
        // Phones in pockets and bags measure more attenuation than the true distance gives, so proximity alone finds
        // fewer (0.6 to 0.9 in small cities); without the Bluetooth path working it finds none.
        Assert.True(f1.GetProperty("proximity_truth_with_app").GetInt32() >= 10 && f1.GetProperty("proximity_recall_with_app").GetDouble() >= 0.4, f1.ToString());
        // The server's proximity matching agrees exactly with the SPEC's rules applied to what the phones uploaded.
        var replay = result.GetProperty("upload_replay");
        Assert.True(replay.GetProperty("proximity_f1_expected").GetInt32() >= 10, replay.ToString());
        Assert.Equal(replay.GetProperty("proximity_f1_expected").GetInt32(), replay.GetProperty("proximity_f1_found").GetInt32());
        Assert.Equal(replay.GetProperty("proximity_f1_expected").GetInt32(), replay.GetProperty("proximity_f1_agreeing").GetInt32());

        // With the F1s' keys (--recursive), F2s by proximity are found as well as those at venues.
        Assert.True(result.GetProperty("recursive_reports").GetInt32() >= 10);
        Assert.True(f2.GetProperty("truth_with_app").GetInt32() >= 20, f2.ToString());
        Assert.True(f2.GetProperty("recall_with_app").GetDouble() >= 0.85, f2.ToString());
        Assert.True(f2.GetProperty("proximity_recall_with_app").GetDouble() >= 0.8, f2.ToString());
        Assert.True(f2.GetProperty("precision").GetDouble() >= 0.8, f2.ToString());
        // People without phones cannot be found: the overall recall says so.
        Assert.True(f1.GetProperty("recall").GetDouble() < f1.GetProperty("recall_with_app").GetDouble(), f1.ToString());

        var png = await File.ReadAllBytesAsync(chart);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.True(png.Length > 5_000);

        // The ground truth follows from the seed alone: the same city simulated offline has the same fingerprint.
        var offline = CitySimulation.Run(new SimulationOptions(250, 3, 11, 3, SimulationOptions.LastMidnightBefore(DateTimeOffset.UtcNow)));
        var truth = GroundTruth.Compute(offline.Cases, offline.Visits, offline.Contributions, offline.Options.End.ToUnixTimeSeconds());
        Assert.Equal(SimulationOutcome.Fingerprint(offline, truth), result.GetProperty("ground_truth_fingerprint").GetString());
        Assert.Equal(truth.F1.Count, f1.GetProperty("truth").GetInt32());
        Assert.Equal(truth.F2.Count, f2.GetProperty("truth").GetInt32());
    }

    [Fact]
    public async Task Without_a_health_department_key_or_with_a_partner_key_it_refuses_in_one_line()
    {
        var noKey = await RunAsync("simulate", "--people", "50", "--days", "1", "--server", _server.GrpcAddress, "--token", "x", "--outbox", _server.OutboxPath);
        var badDays = await RunAsync("simulate", "--days", "30", "--api-key", ServerProcess.HealthKey, "--server", _server.GrpcAddress);
        var partner = await RunAsync(
            "simulate", "--people", "60", "--days", "1", "--seed-cases", "1", "--chart", Path.Combine(_folder, "p.png"),
            "--api-key", ServerProcess.PartnerKey, "--outbox", _server.OutboxPath, "--server", _server.GrpcAddress);

        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("--api-key", noKey.Error, StringComparison.Ordinal);
        Assert.Equal(2, badDays.ExitCode);
        Assert.Contains("--days 30", badDays.Error, StringComparison.Ordinal);
        Assert.Equal(1, partner.ExitCode);
        Assert.StartsWith("lỗi: ", partner.Error, StringComparison.Ordinal);
        Assert.Single(partner.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await TracingCommandLine.InvokeAsync(args, new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }
}
