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
        var chart = new Option<string>("--chart") { Description = "Where to write the PNG chart of cases and alerts per day.", DefaultValueFactory = _ => "simulation.png" };
        var outbox = new Option<string>("--outbox")
        {
            Description = "The server's development SMS outbox, <data-dir>/outbox/sms.jsonl, where the venue managers' OTPs are read.",
            DefaultValueFactory = _ => "data/outbox/sms.jsonl",
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
            people, days, seed, seedCases, chart, outbox, recursive,
        };
        command.SetAction((parse, cancellationToken) => Connection.RunAsync(parse, async (client, printer) =>
        {
            if (client.Credential?.Key != TracingClient.ApiKeyHeader)
                throw new UsageException("give --api-key <a health department's key> (env TRACING_API_KEY): it reports the cases and reads the tracing reports.");
            var options = new SimulationOptions(
                parse.GetValue(people), parse.GetValue(days), parse.GetValue(seed), parse.GetValue(seedCases),
                SimulationOptions.LastMidnightBefore(DateTimeOffset.UtcNow));
            Check(options);
            var chartPath = WritablePath(parse.GetValue(chart)!);
            var error = parse.InvocationConfiguration.Error;
            var interactive = !printer.Json && !Console.IsErrorRedirected;
            if (interactive)
                error.WriteLine($"simulating {options.People:N0} people over {options.Days} days (seed {options.Seed})");
            var simulated = CitySimulation.Run(options, days => Progress.Track(days, "days simulated", error, interactive));
            var run = await new ServerDriver(client, new SmsOutbox(parse.GetValue(outbox)!), parse.GetValue(recursive), error, interactive).DriveAsync(simulated, cancellationToken).ConfigureAwait(false);
            var outcome = SimulationOutcome.Evaluate(simulated, run);

            SimulationChart.Save(outcome.Daily, options.Start, $"tracing simulate: {options.People:N0} people, {options.Days} days, seed {options.Seed}", chartPath);
            var output = parse.InvocationConfiguration.Output;
            if (printer.Json)
                SimulationReport.WriteJson(outcome, chartPath, output);
            else
                SimulationReport.WriteTable(outcome, chartPath, output);
        }));
        return command;
    }

    // The chart is written at the end of a long run: refuse a path that cannot be written before starting.
    private static string WritablePath(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (File.OpenWrite(full))
            {
            }

            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--chart '{path}' cannot be written: {e.Message}");
        }
    }

    private static void Check(SimulationOptions options)
    {
        if (options.People is < 10 or > 200_000)
            throw new UsageException($"--people {options.People}: give 10 to 200,000.");
        if (options.Days is < 1 or > SimulationOptions.MaxDays)
            throw new UsageException($"--days {options.Days}: give 1 to {SimulationOptions.MaxDays} (the server keeps 21 days, phones 14 days of keys).");
        if (options.SeedCases < 1 || options.SeedCases > options.People / 10)
            throw new UsageException($"--seed-cases {options.SeedCases}: give 1 to a tenth of --people.");
    }
}
