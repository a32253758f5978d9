using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing scan</c>, <c>tracing history</c>, <c>tracing visits</c>: check-ins and what they left.</summary>
internal static class CheckInCommands
{
    public static IEnumerable<Command> Create() => [Scan(), History(), Visits()];

    private static Command Scan()
    {
        var qr = new Option<string>("--qr") { Description = "Self-scan: the venue QR payload your phone read." };
        var venue = VenueCodes.Option<string>("--venue", "At a door: the venue's code, V-XXXXX-XXXXX-X (with --subject or --name).");
        var subject = new Option<string>("--subject") { Description = "At a door: the visitor's personal QR payload." };
        var name = new Option<string>("--name") { Description = "At a door, typed in: the visitor's full name (with --phone, --birth-year)." };
        var phone = new Option<string>("--phone") { Description = "Typed in: the visitor's phone." };
        var birthYear = new Option<int>("--birth-year") { Description = "Typed in: the visitor's birth year." };
        var direction = new Option<string>("--direction") { Description = "in or out.", DefaultValueFactory = _ => "in" };
        var at = new Option<DateTimeOffset?>("--at") { Description = "When it happened (ISO 8601, default now), e.g. 2021-08-10T09:30+07:00." };
        var eventId = new Option<string>("--event-id") { Description = "Your id of this scan; repeat it to retry safely (default: a new one)." };
        var command = new Command("scan", "Record a scan: --qr (self), --venue --subject (a visitor's personal code) or --venue --name --phone (typed in).")
        {
            qr, venue, subject, name, phone, birthYear, direction, at, eventId,
        };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var request = new ScanRequest
            {
                ClientEventId = parse.GetValue(eventId) is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N"),
                Direction = parse.GetValue(direction)?.ToLowerInvariant() switch
                {
                    "in" => Direction.In,
                    "out" => Direction.Out,
                    var other => throw new UsageException($"--direction '{other}' không hợp lệ: ghi in (vào) hoặc out (ra).", $"--direction '{other}' is not in or out."),
                },
                ScannedAt = Timestamp.FromDateTimeOffset(parse.GetValue(at) ?? DateTimeOffset.UtcNow),
            };
            if (parse.GetValue(qr) is { Length: > 0 } payload)
            {
                request.Method = ScanMethod.Self;
                request.QrPayload = payload;
            }
            else if (parse.GetValue(venue) is not { Length: > 0 } venueId)
            {
                throw new UsageException("hãy ghi --qr (tự quét mã) hoặc --venue kèm --subject hay --name.", "give --qr (self-scan) or --venue with --subject or --name.");
            }
            else if (parse.GetValue(subject) is { Length: > 0 } personal)
            {
                request.Method = ScanMethod.Controller;
                request.VenueId = venueId;
                request.SubjectQrPayload = personal;
            }
            else
            {
                request.Method = ScanMethod.Manual;
                request.VenueId = venueId;
                request.ManualVisitor = new ManualVisitor { FullName = parse.GetValue(name) ?? "", Phone = parse.GetValue(phone) ?? "", BirthYear = parse.GetValue(birthYear) };
            }
            printer.Print(await client.CheckIn.ScanAsync(request).ConfigureAwait(false));
        }, OptionNames.Scan));
        return command;
    }

    private static Command History()
    {
        var venues = VenueCodes.Option<string[]>("--venue", "Venue code, V-XXXXX-XXXXX-X (repeatable, at most 500); default for a manager: all you manage (a health department names them).");
        var from = new Option<DateTimeOffset?>("--from") { Description = "From (ISO 8601)." };
        var to = new Option<DateTimeOffset?>("--to") { Description = "To (ISO 8601)." };
        var visitor = new Option<string>("--visitor") { Description = "Part of a visitor's name or phone as the history shows it (a manager: the visible, unmasked part)." };
        var controller = new Option<string>("--controller") { Description = "Only scans made by this staff member (user id)." };
        var max = new Option<int>("--max") { Description = "At most this many records (a page).", DefaultValueFactory = _ => 100 };
        var page = new Option<string>("--page") { Description = "The next page: the token the previous page ended with." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Write the whole matching history as CSV to this file instead." };
        var command = new Command("history", "Scan history of your venues (masked) or, for health departments, of any venue in the province.")
        {
            venues, from, to, visitor, controller, max, page, csv,
        };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            Timestamp? Time(Option<DateTimeOffset?> option) => parse.GetValue(option) is { } t ? Timestamp.FromDateTimeOffset(t) : null;
            if (parse.GetValue(csv) is { } file)
            {
                var export = new ExportScanHistoryRequest { VenueIds = { parse.GetValue(venues) ?? [] }, VisitorQuery = parse.GetValue(visitor) ?? "", ControllerId = parse.GetValue(controller) ?? "", From = Time(from), To = Time(to) };
                using var call = client.CheckIn.ExportScanHistory(export);
                await using var stream = File.Create(file.FullName);
                await foreach (var chunk in call.ResponseStream.ReadAllAsync().ConfigureAwait(false))
                    chunk.Chunk.WriteTo(stream);
                printer.Say($"đã ghi {file.FullName} ({stream.Length:N0} byte, UTF-8 có BOM)", $"wrote {file.FullName} ({stream.Length:N0} bytes, UTF-8 with BOM)");
                return;
            }
            var request = new ListScanHistoryRequest
            {
                VenueIds = { parse.GetValue(venues) ?? [] },
                VisitorQuery = parse.GetValue(visitor) ?? "",
                ControllerId = parse.GetValue(controller) ?? "",
                MaxResults = parse.GetValue(max),
                PageToken = parse.GetValue(page) ?? "",
                From = Time(from),
                To = Time(to),
            };
            using var list = client.CheckIn.ListScanHistory(request);
            var count = 0;
            var next = "";
            await foreach (var item in list.ResponseStream.ReadAllAsync().ConfigureAwait(false))
            {
                printer.Print(printer.Json ? item : item.Scan);
                count++;
                next = item.NextPageToken;
            }
            printer.Say(
                next.Length > 0 ? $"{count} lượt quét; xem tiếp với --page {next}" : $"{count} lượt quét",
                next.Length > 0 ? $"{count} record(s); more with --page {next}" : $"{count} record(s)");
        }, OptionNames.History));
        return command;
    }

    private static Command Visits()
    {
        var command = new Command("visits", "Your own visits (scans paired in and out) within the retention period.");
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var visits = await client.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest()).ConfigureAwait(false);
            printer.Say(string.Create(CultureInfo.InvariantCulture, $"{visits.Visits.Count} lần đến"), string.Create(CultureInfo.InvariantCulture, $"{visits.Visits.Count} visit(s)"));
            foreach (var visit in visits.Visits)
                printer.Print(visit);
        }));
        return command;
    }
}
