using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing coverage</c>: how far QR scanning and declarations reached, per sub-region, lagging ones first.</summary>
internal static class CoverageCommand
{
    public static Command Create()
    {
        var region = new Option<string>("--region") { Description = "Empty: the country by province; a province code: its districts; a district code: its wards." };
        var date = new Option<string>("--date") { Description = "The day in Vietnam, YYYY-MM-DD (default: today)." };
        var command = new Command("coverage", "Roll-out coverage for a health department: venues registered and scanning, scans, visitors, declarations, safety assessments and a 7-day scan trend, least covered first.")
        {
            region, date,
        };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var request = new GetCoverageRequest { RegionCode = parse.GetValue(region) ?? "" };
            if (parse.GetValue(date) is { } day)
            {
                if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    throw new UsageException($"--date {day}: give a day as YYYY-MM-DD, e.g. 2021-08-15.");
                request.Date = Timestamp.FromDateTime(parsed.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
            }
            var report = await client.Reports.GetCoverageAsync(request).ConfigureAwait(false);
            if (printer.Json)
            {
                printer.Print(report);
                return;
            }
            printer.Say($"{"region",-8} {"name",-18} {"venues",7} {"active",7} {"share",6} {"scans",8} {"visitors",9} {"declared",9} {"assessed",9}  7-day scans");
            foreach (var row in report.Rows)
            {
                var share = row.VenuesRegistered == 0 ? 0 : (double)row.VenuesActive / row.VenuesRegistered;
                printer.Say($"{row.RegionCode,-8} {Shorten(row.RegionName),-18} {row.VenuesRegistered,7:N0} {row.VenuesActive,7:N0} {share,6:P0} {row.Scans,8:N0} {row.DistinctVisitors,9:N0} {row.Declarations,9:N0} {row.SafetyAssessments,9:N0}  {string.Join(' ', row.DailyScans)}");
            }
            printer.Say($"{report.Rows.Count} region(s), least covered first");
        }));
        return command;
    }

    private static string Shorten(string name) => name.Length <= 18 ? name : name[..17] + "…";
}
