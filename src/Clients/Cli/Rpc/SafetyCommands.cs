using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Tracing.Matching.Safety;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing safety ...</c>: the daily self-assessment, public feedback and the public safety map.</summary>
internal static class SafetyCommands
{
    public static Command Create()
    {
        var safety = new Command("safety", "The public safety map: a facility's daily self-assessment, feedback from the public, the map by region or area.");
        safety.Subcommands.Add(Checklist());
        safety.Subcommands.Add(Assess());
        safety.Subcommands.Add(Feedback());
        safety.Subcommands.Add(Map());
        return safety;
    }

    private static Command Checklist()
    {
        var category = new Argument<string>("category") { Description = $"{string.Join(", ", SafetyChecklist.Categories)} or {SafetyChecklist.Other}.", DefaultValueFactory = _ => SafetyChecklist.Other };
        var command = new Command("checklist", "Print a category's checklist: item keys (for --missing), weights (they add up to 100) and the critical items.") { category };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var item in SafetyChecklist.For(parse.GetValue(category)!))
                output.WriteLine($"{item.Key,-22} {item.Weight,3}{(item.Critical ? Language.Pick(parse, "  bắt buộc", "  critical") : "          ")}  {item.Label}");
        });
        return command;
    }

    private static Command Assess()
    {
        var venue = VenueCommands.VenueArgument();
        var missing = new Option<string[]>("--missing")
        {
            Description = "Checklist items NOT in place today (keys from `tracing safety checklist`); every other item counts as in place.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("assess", "Submit today's self-assessment of a venue you manage; prints its score (0–100) and status.") { venue, missing };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var found = await client.Venues.GetVenueAsync(new GetVenueRequest { VenueId = parse.GetValue(venue)! }).ConfigureAwait(false);
            var checklist = SafetyChecklist.For(found.Venue.Category);
            var notInPlace = (parse.GetValue(missing) ?? []).SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
            if (notInPlace.FirstOrDefault(m => checklist.All(item => item.Key != m)) is { } unknown)
                throw new UsageException($"--missing {unknown}: không có trong bảng kiểm của địa điểm này ({string.Join(", ", checklist.Select(i => i.Key))}).", $"--missing {unknown}: not on this venue's checklist ({string.Join(", ", checklist.Select(i => i.Key))}).");
            var request = new SubmitSelfAssessmentRequest { VenueId = found.Venue.VenueId };
            request.Answers.AddRange(checklist.Select(item => new ChecklistAnswer { Item = item.Key, InPlace = !notInPlace.Contains(item.Key) }));
            printer.Print(await client.Safety.SubmitSelfAssessmentAsync(request).ConfigureAwait(false));
        }, OptionNames.VenueArgument));
        return command;
    }

    private static Command Feedback()
    {
        var venue = VenueCommands.VenueArgument();
        var rating = new Option<int>("--rating") { Description = "1 (unsafe) to 5 (safe).", Required = true };
        var comment = new Option<string>("--comment") { Description = "What you saw (at most 500 characters)." };
        var command = new Command("feedback", "Rate how safe a venue is (one feedback per venue a day); prints how many it has.") { venue, rating, comment };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
            printer.Print(await client.Safety.SubmitFeedbackAsync(new SubmitFeedbackRequest
            {
                VenueId = parse.GetValue(venue)!,
                Rating = parse.GetValue(rating),
                Comment = parse.GetValue(comment) ?? "",
            }).ConfigureAwait(false)), OptionNames.VenueArgument));
        return command;
    }

    private static Command Map()
    {
        var region = new Option<string>("--region") { Description = "A province (2 digits), district (3) or ward (5) code." };
        var box = new Option<string>("--bbox") { Description = "An area instead: min-latitude,min-longitude,max-latitude,max-longitude." };
        var command = new Command("map", "List the facilities of a region or an area with their safety status, score and feedback count.") { region, box };
        command.SetAction((parse, cancellationToken) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var request = new QuerySafetyMapRequest { RegionCode = parse.GetValue(region) ?? "" };
            if (parse.GetValue(box) is { } corners)
                request.BoundingBox = BoxOf(corners);
            using var call = client.Safety.QuerySafetyMap(request, cancellationToken: cancellationToken);
            var facilities = new List<QuerySafetyMapResponse>();
            await foreach (var facility in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (printer.Json)
                    printer.Print(facility);
                else
                    facilities.Add(facility);
            }
            if (printer.Json)
                return;
            // People read those that must suspend first; a script reads the stream as it comes.
            var english = printer.English;
            printer.Say($"{"trạng thái",-14} {"điểm",5} {"góp ý",8}  {"mã địa điểm",-15} tên (còn thiếu)", $"{"status",-14} {"score",5} {"feedback",8}  {"venue",-15} name (missing)");
            foreach (var f in facilities.OrderBy(f => f.Status == V1.SafetyStatus.Unsafe ? 0 : 1).ThenBy(f => f.Name, StringComparer.Ordinal))
            {
                var missing = f.MissingItems.Count > 0 ? $" ({(english ? "missing" : "còn thiếu")}: {string.Join(", ", f.MissingItems)})" : "";
                printer.Say($"{StatusWord(f.Status, english),-14} {(f.AssessedAt is null ? "" : f.Score),5} {f.FeedbackCount,8}  {VenueCodes.Shown(f.VenueId),-15} {f.Name}{missing}");
            }
            printer.Say($"{facilities.Count} cơ sở, các cơ sở phải tạm dừng trước", $"{facilities.Count} facilit{(facilities.Count == 1 ? "y" : "ies")}, those that must suspend first");
        }));
        return command;
    }

    private static string StatusWord(V1.SafetyStatus status, bool english) => status switch
    {
        V1.SafetyStatus.Safe => english ? "safe" : "an toàn",
        V1.SafetyStatus.AtRisk => english ? "at risk" : "có nguy cơ",
        V1.SafetyStatus.Unsafe => english ? "MUST SUSPEND" : "PHẢI TẠM DỪNG",
        V1.SafetyStatus.Stale => english ? "stale" : "quá hạn",
        _ => english ? "not assessed" : "chưa đánh giá",
    };

    private static V1.BoundingBox BoxOf(string corners)
    {
        var parts = corners.Split(',', StringSplitOptions.TrimEntries);
        var numbers = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : double.NaN).ToArray();
        if (numbers.Length != 4 || numbers.Any(double.IsNaN))
            throw new UsageException($"--bbox {corners}: hãy ghi bốn số vĩ độ nhỏ nhất,kinh độ nhỏ nhất,vĩ độ lớn nhất,kinh độ lớn nhất (ví dụ 10.7,106.6,10.9,106.8).", $"--bbox {corners}: give four numbers, min-latitude,min-longitude,max-latitude,max-longitude (e.g. 10.7,106.6,10.9,106.8).");
        return new V1.BoundingBox { MinLatitude = numbers[0], MinLongitude = numbers[1], MaxLatitude = numbers[2], MaxLongitude = numbers[3] };
    }
}
