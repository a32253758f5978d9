using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing case ...</c>: health departments report cases and read tracing reports; a case's phone uploads its keys.</summary>
internal static class CaseCommands
{
    public static Command Create()
    {
        var cases = new Command("case", "Confirmed cases: report one (health departments), upload the case's keys (its phone), read the tracing report.");
        cases.Subcommands.Add(Report());
        cases.Subcommands.Add(Keys());
        cases.Subcommands.Add(TracingReport());
        return cases;
    }

    private static Command Report()
    {
        var userId = new Option<string>("--user-id") { Description = "The person's user id (or give --phone)." };
        var phone = new Option<string>("--phone") { Description = "The person's phone (or give --user-id)." };
        var tested = new Option<DateTimeOffset?>("--test-date") { Description = "Date of the positive test (ISO 8601)." };
        var onset = new Option<DateTimeOffset?>("--onset") { Description = "Date symptoms began (ISO 8601); the infectious window opens 2 days before." };
        var recursive = new Option<bool>("--recursive") { Description = "Report a close contact (F1) whose own contacts become F2." };
        var command = new Command("report", "Report a confirmed case: prints the case id, the 8-digit code for the case's phone (15 minutes) and the exposures found.")
        {
            userId, phone, tested, onset, recursive,
        };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var request = new ReportCaseRequest
            {
                UserId = parse.GetValue(userId) ?? "",
                Phone = parse.GetValue(phone) ?? "",
                ReportType = parse.GetValue(recursive) ? ReportType.Recursive : ReportType.ConfirmedTest,
            };
            if (parse.GetValue(tested) is { } test)
                request.TestDate = Timestamp.FromDateTimeOffset(test);
            if (parse.GetValue(onset) is { } symptoms)
                request.SymptomOnsetDate = Timestamp.FromDateTimeOffset(symptoms);
            printer.Print(await client.Cases.ReportCaseAsync(request).ConfigureAwait(false));
        }, OptionNames.Case));
        return command;
    }

    private static Command Keys()
    {
        var code = new Option<string>("--code") { Description = "The 8-digit verification code the health department gave.", Required = true };
        var keys = new Option<string[]>("--key")
        {
            Description = "A daily key as HEX@START[/PERIOD]: 32 hex digits, its rolling start interval (unix seconds / 600), periods of 10 minutes (default 144). Repeatable.",
            Required = true,
        };
        var command = new Command("keys", "Upload the case's temporary exposure keys (from the case's own phone) and trace Bluetooth contacts.") { code, keys };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var request = new UploadDiagnosisKeysRequest { VerificationCode = parse.GetValue(code)! };
            foreach (var key in parse.GetValue(keys) ?? [])
                request.Keys.Add(ParseKey(key));
            printer.Print(await client.Cases.UploadDiagnosisKeysAsync(request).ConfigureAwait(false));
        }, OptionNames.Case));
        return command;
    }

    private static Command TracingReport()
    {
        var id = new Argument<string>("case-id") { Description = "The case id ReportCase returned." };
        var command = new Command("trace", "The tracing report of a case: every exposure (F1, F2) with its evidence.") { id };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
            printer.Print(await client.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = parse.GetValue(id)! }).ConfigureAwait(false)), OptionNames.Case));
        return command;
    }

    private static DiagnosisKey ParseKey(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var hex = at < 0 ? text : text[..at];
        var start = at < 0 ? "" : slash < 0 ? text[(at + 1)..] : text[(at + 1)..slash];
        var period = slash < 0 ? "144" : text[(slash + 1)..];
        byte[] data;
        try
        {
            data = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new UsageException($"--key '{text}': khoá phải là 32 chữ số hệ mười sáu.", $"--key '{text}': the key must be hexadecimal (32 digits).");
        }
        if (data.Length != 16 || !int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var first) || !int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var periods))
            throw new UsageException($"--key '{text}' không có dạng HEX@START[/PERIOD], ví dụ 75c734c6dd1a782de7a965da5eb93125@2642976/144.", $"--key '{text}' is not HEX@START[/PERIOD], e.g. 75c734c6dd1a782de7a965da5eb93125@2642976/144.");
        return new DiagnosisKey { KeyData = ByteString.CopyFrom(data), RollingStartIntervalNumber = first, RollingPeriod = periods };
    }
}
