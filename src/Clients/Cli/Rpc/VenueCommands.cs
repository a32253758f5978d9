using System.CommandLine;
using System.Globalization;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary>
/// <c>tracing venue ...</c>: register venues and units, read them, list yours, ask for access to someone else's
/// (approved by its registrant), and manage a venue's managers.
/// </summary>
internal static partial class VenueCommands
{
    public static Command Create()
    {
        var venue = new Command("venue", "Venues: register (units too), show, list the ones you manage, ask access to one, manage its managers.");
        venue.Subcommands.Add(Register());
        venue.Subcommands.Add(Get());
        venue.Subcommands.Add(List());
        venue.Subcommands.Add(RequestAccess());
        venue.Subcommands.Add(Add());
        venue.Subcommands.Add(Managers());
        return venue;
    }

    private static Command Register()
    {
        var name = Required("--name", "The venue's name as visitors know it.");
        var province = Required("--province", "Two-digit province code of 2021, e.g. 79 (Hồ Chí Minh), 01 (Hà Nội).");
        var district = Required("--district", "Three-digit district code, e.g. 760.");
        var ward = Required("--ward", "Five-digit ward code, e.g. 26734.");
        var street = Required("--street", "House number and street, e.g. \"59 Lê Lợi\".");
        var registrant = Required("--registrant", "Full name of the person registering.");
        var registrantPhone = new Option<string>("--registrant-phone") { Description = "Your own signed-in phone (the default): access requests are approved with codes sent to it." };
        var category = new Option<string>("--category") { Description = "restaurant, market, school, hospital, factory, office, transport or other." };
        var parent = VenueCodes.Option<string>("--parent", "The building's venue code (V-XXXXX-XXXXX-X), when registering a unit inside it.");
        var labels = new Option<string[]>("--label") { Description = "A label of your own (repeatable), e.g. --label \"tầng 1\"." };
        var at = new Option<string>("--at") { Description = "Where it is, for the public safety map: latitude,longitude (e.g. 10.7769,106.7009)." };
        var command = new Command("register", "Register a venue (you become its manager) and print it with its code and QR payload.")
        {
            name, province, district, ward, street, registrant, registrantPhone, category, parent, labels, at,
        };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var request = new RegisterVenueRequest
            {
                Name = parse.GetValue(name)!,
                ProvinceCode = parse.GetValue(province)!,
                DistrictCode = parse.GetValue(district)!,
                WardCode = parse.GetValue(ward)!,
                StreetAddress = parse.GetValue(street)!,
                RegistrantName = parse.GetValue(registrant)!,
                RegistrantPhone = parse.GetValue(registrantPhone) ?? "",
                Category = parse.GetValue(category) ?? "",
                ParentVenueId = parse.GetValue(parent) ?? "",
                Labels = { parse.GetValue(labels) ?? [] },
            };
            if (parse.GetValue(at) is { } position)
                (request.Latitude, request.Longitude) = Position(position);
            var response = await client.Venues.RegisterVenueAsync(request).ConfigureAwait(false);
            printer.Print(response.Venue);
        }, OptionNames.Register));
        return command;
    }

    private static (double Latitude, double Longitude) Position(string typed)
    {
        var parts = typed.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude))
            return (latitude, longitude);
        throw new UsageException($"--at {typed}: hãy ghi vĩ độ,kinh độ theo độ, ví dụ 10.7769,106.7009.", $"--at {typed}: give latitude,longitude in degrees, e.g. 10.7769,106.7009.");
    }

    private static Command Get()
    {
        var id = VenueArgument();
        var command = new Command("get", "Show a venue (by its code as printed, e.g. V-7K3M9-Q2X4T-C).") { id };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
            printer.Print((await client.Venues.GetVenueAsync(new GetVenueRequest { VenueId = parse.GetValue(id)! }).ConfigureAwait(false)).Venue), OptionNames.VenueArgument));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the venues you manage, units included.");
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var mine = await client.Venues.ListMyVenuesAsync(new ListMyVenuesRequest()).ConfigureAwait(false);
            printer.Say($"{mine.Venues.Count} địa điểm", $"{mine.Venues.Count} venue(s)");
            foreach (var venue in mine.Venues)
                printer.Print(venue);
        }));
        return command;
    }

    internal static Argument<string> VenueArgument() => new("venue")
    {
        Description = "The venue's code, e.g. V-7K3M9-Q2X4T-C (case and dashes do not matter).",
        CustomParser = result => VenueCodes.Typed(result.Tokens[^1].Value),
    };

    internal static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };
}
