using System.CommandLine;
using Tracing.Cli.Rpc;
using Tracing.Clients;

namespace Tracing.Cli.Simulation;

/// <summary>
/// <c>tracing simulate</c>: a synthetic city driven through a running server, scored against its own ground truth
/// (F1 / F2 precision and recall), with a PNG chart of cases and alerts per day.
/// </summary>
internal static class SimulateCommand
{
    /// <summary>The command and its options; it takes the shared --server, --api-key and --json.</summary>
    public static Command Create()
    {
        var people = new Option<int>("--people") { Description = "Inhabitants of the city (with and without phones).", DefaultValueFactory = _ => 2000 };
        var days = new Option<int>("--days") { Description = $"Simulated days, ending at the last midnight in Vietnam (1 to {SimulationOptions.MaxDays}).", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of every random choice: the same seed gives the same city, outbreak and ground truth.", DefaultValueFactory = _ => 7 };
        var seedCases = new Option<int>("--seed-cases") { Description = "People infected at the start, reported on the first days.", DefaultValueFactory = _ => 3 };
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "The server's data folder (its Tracing:DataDir; env TRACING_DATA_DIR): the chart is written under <data-dir>/charts, the OTPs read from <data-dir>/outbox/sms.jsonl.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TRACING_DATA_DIR") is { Length: > 0 } d ? d : "data",
        };
        var chart = new Option<string>("--chart")
        {
            Description = "The PNG chart of cases and alerts per day: a file name (or relative path) under <data-dir>/charts, or an absolute path.",
            DefaultValueFactory = _ => "simulation.png",
        };
        var outbox = new Option<string>("--outbox")
        {
            Description = "The server's development SMS outbox, where the venue managers' OTPs are read (default <data-dir>/outbox/sms.jsonl).",
        };
        var recursive = new Option<bool>("--recursive")
        {
            Description = "Also report every F1 found as REPORT_TYPE_RECURSIVE and upload its keys, so the server finds F2s by proximity (not only at venues).",
        };
        var command = new Command(
            "simulate",
            "Drive a synthetic city (households, venues, schedules, Bluetooth encounters, forgotten check-outs, people without phones, clock skew, an outbreak) " +
            "through a running server with a health department's --api-key, and report F1 / F2 precision and recall against the simulator's ground truth.")
        {
            people, days, seed, seedCases, dataDir, chart, outbox, recursive,
        };
        command.SetAction((parse, cancellationToken) => Connection.RunAsync(parse, async (client, printer) =>
        {
            if (client.Credential?.Key != TracingClient.ApiKeyHeader)
                throw new UsageException("hãy ghi --api-key <khoá của cơ quan y tế> (hoặc biến môi trường TRACING_API_KEY): khoá này báo ca bệnh và đọc báo cáo truy vết.", "give --api-key <a health department's key> (env TRACING_API_KEY): it reports the cases and reads the tracing reports.");
            var options = new SimulationOptions(
                parse.GetValue(people), parse.GetValue(days), parse.GetValue(seed), parse.GetValue(seedCases),
                SimulationOptions.LastMidnightBefore(DateTimeOffset.UtcNow));
            Check(options);
            var data = parse.GetValue(dataDir)!;
            var chartPath = WritablePath(ChartPath(data, parse.GetValue(chart)!));
            var outboxPath = parse.GetValue(outbox) is { Length: > 0 } given ? given : Path.Combine(data, "outbox", "sms.jsonl");
            var error = parse.InvocationConfiguration.Error;
            var interactive = !printer.Json && !Console.IsErrorRedirected;
            if (interactive)
                error.WriteLine($"simulating {options.People:N0} people over {options.Days} days (seed {options.Seed})");
            var simulated = CitySimulation.Run(options, days => Progress.Track(days, "days simulated", error, interactive));
            var run = await new ServerDriver(client, new SmsOutbox(outboxPath), parse.GetValue(recursive), error, interactive).DriveAsync(simulated, cancellationToken).ConfigureAwait(false);
            var outcome = SimulationOutcome.Evaluate(simulated, run);

            var inhabitants = options.People.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));
            SimulationChart.Save(outcome.Daily, options.Start, $"Mô phỏng truy vết: {inhabitants} người, {options.Days} ngày, hạt giống {options.Seed}", chartPath);
            var output = parse.InvocationConfiguration.Output;
            if (printer.Json)
                SimulationReport.WriteJson(outcome, chartPath, output);
            else
                SimulationReport.WriteTable(outcome, chartPath, output);
        }));
        return command;
    }

    /// <summary>Where the chart goes: an absolute path as given, anything else under <c>&lt;data-dir&gt;/charts</c>.</summary>
    internal static string ChartPath(string dataDir, string chart)
        => Path.GetFullPath(Path.IsPathRooted(chart) ? chart : Path.Combine(dataDir, "charts", chart));

    // The chart is written at the end of a long run: refuse a path that cannot be written before starting. Like
    // everything under the data folder, the chart and its folder are the owner's only (the server checks at start).
    private static string WritablePath(string full)
    {
        try
        {
            var folder = Path.GetDirectoryName(full)!;
            if (OperatingSystem.IsWindows())
                Directory.CreateDirectory(folder);
            else
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var owner = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                owner.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (new FileStream(full, owner))
            {
            }

            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--chart '{full}': không ghi được tệp ({e.Message}).", $"--chart '{full}' cannot be written: {e.Message}");
        }
    }

    private static void Check(SimulationOptions options)
    {
        if (options.People is < 10 or > 200_000)
            throw new UsageException($"--people {options.People}: hãy ghi từ 10 đến 200.000.", $"--people {options.People}: give 10 to 200,000.");
        if (options.Days is < 1 or > SimulationOptions.MaxDays)
            throw new UsageException($"--days {options.Days}: hãy ghi từ 1 đến {SimulationOptions.MaxDays} (máy chủ giữ dữ liệu 21 ngày, điện thoại giữ khoá 14 ngày).", $"--days {options.Days}: give 1 to {SimulationOptions.MaxDays} (the server keeps 21 days, phones 14 days of keys).");
        if (options.SeedCases < 1 || options.SeedCases > options.People / 10)
            throw new UsageException($"--seed-cases {options.SeedCases}: hãy ghi từ 1 đến một phần mười của --people.", $"--seed-cases {options.SeedCases}: give 1 to a tenth of --people.");
    }
}
