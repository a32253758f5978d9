using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing declare</c>: a health declaration, for yourself or a family member; arrivals add their trip.</summary>
internal static class DeclareCommand
{
    public static Command Create()
    {
        var name = VenueCommands.Required("--name", "Full name.");
        var birthYear = new Option<int>("--birth-year") { Description = "Year of birth.", Required = true };
        var phone = new Option<string>("--phone") { Description = "With --on-behalf: the family member's phone, if they have one. Your own declaration uses the phone you signed in with." };
        var gender = new Option<string>("--gender") { Description = "male, female or other." };
        var kind = new Option<string>("--kind") { Description = "domestic (default), entry (arrival from abroad) or venue (with --venue).", DefaultValueFactory = _ => "domestic" };
        var venue = VenueCodes.Option<string>("--venue", "With --kind venue: the venue's code, V-XXXXX-XXXXX-X.");
        var onBehalf = new Option<bool>("--on-behalf") { Description = "Declare for a family member without a phone of their own app." };
        var symptoms = new Option<string[]>("--symptom") { Description = "fever, cough, breath, throat, taste, fatigue (repeatable)." };
        var passport = new Option<string>("--passport") { Description = "Entry: passport number." };
        var from = new Option<string>("--from-country") { Description = "Entry: country of departure." };
        var arrivalPoint = new Option<string>("--arrival-point") { Description = "Entry: airport, port or border gate." };
        var vehicle = new Option<string>("--vehicle") { Description = "Entry: flight or vehicle number." };
        var arrived = new Option<DateTimeOffset?>("--arrived") { Description = "Entry: arrival date (ISO 8601)." };
        var quarantine = new Option<string>("--quarantine-address") { Description = "Entry: where the arrival stays in quarantine." };
        var command = new Command("declare", "File a health declaration (valid 24 hours): your own, a family member's (--on-behalf), an arrival's (--kind entry) or at a venue's door (--kind venue).")
        {
            name, birthYear, phone, gender, kind, venue, onBehalf, symptoms, passport, from, arrivalPoint, vehicle, arrived, quarantine,
        };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            if (parse.GetValue(phone) is { Length: > 0 } && !parse.GetValue(onBehalf))
            {
                throw new UsageException(
                    "--phone chỉ dùng khi khai báo hộ người thân: thêm --on-behalf và ghi số điện thoại của người thân (nếu có). " +
                    "Tờ khai của chính bạn dùng số điện thoại bạn đã đăng nhập (`tracing login --phone ...`).",
                    "--phone is for a family member's declaration: add --on-behalf with their phone (if they have one). " +
                    "Your own declaration uses the phone you signed in with (`tracing login --phone ...`).");
            }
            var given = parse.GetValue(symptoms) ?? [];
            var request = new SubmitDeclarationRequest
            {
                FullName = parse.GetValue(name)!,
                BirthYear = parse.GetValue(birthYear),
                Phone = parse.GetValue(phone) ?? "",
                Gender = parse.GetValue(gender) switch { "male" => Gender.Male, "female" => Gender.Female, "other" => Gender.Other, null => Gender.Unspecified, var g => throw new UsageException($"--gender '{g}' không hợp lệ: ghi male (nam), female (nữ) hoặc other (khác).", $"--gender '{g}' is not male, female or other.") },
                Kind = parse.GetValue(kind) switch { "domestic" => DeclarationKind.Domestic, "entry" => DeclarationKind.Entry, "venue" => DeclarationKind.Venue, var k => throw new UsageException($"--kind '{k}' không hợp lệ: ghi domestic (nội địa), entry (nhập cảnh) hoặc venue (tại địa điểm).", $"--kind '{k}' is not domestic, entry or venue.") },
                VenueId = parse.GetValue(venue) ?? "",
                OnBehalf = parse.GetValue(onBehalf),
                Symptoms = new Symptoms
                {
                    Fever = given.Contains("fever"),
                    Cough = given.Contains("cough"),
                    ShortnessOfBreath = given.Contains("breath"),
                    SoreThroat = given.Contains("throat"),
                    LossOfTasteOrSmell = given.Contains("taste"),
                    Fatigue = given.Contains("fatigue"),
                },
            };
            if (request.Kind == DeclarationKind.Entry)
            {
                request.Entry = new EntryDetails
                {
                    PassportNumber = parse.GetValue(passport) ?? "",
                    DepartureCountry = parse.GetValue(from) ?? "",
                    ArrivalPoint = parse.GetValue(arrivalPoint) ?? "",
                    VehicleNumber = parse.GetValue(vehicle) ?? "",
                    QuarantineAddress = parse.GetValue(quarantine) ?? "",
                    ArrivalDate = parse.GetValue(arrived) is { } date ? Timestamp.FromDateTimeOffset(date) : null,
                };
            }
            printer.Print(await client.Declarations.SubmitDeclarationAsync(request).ConfigureAwait(false));
        }, OptionNames.Declare));
        command.Subcommands.Add(CitizenCommands.DeclarationStatus());
        return command;
    }
}
