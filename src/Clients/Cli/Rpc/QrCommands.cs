using System.CommandLine;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing qr ...</c>: a venue's QR code or poster, and your personal QR code, written to a file.</summary>
internal static class QrCommands
{
    public static Command Create()
    {
        var qr = new Command("qr", "QR codes: a venue's (PNG, SVG or A4 poster) and your personal one.");
        var format = new Option<string>("--format") { Description = "png, svg or poster (venues only).", DefaultValueFactory = _ => "png" };
        var output = new Option<FileInfo>("--out") { Description = "The file to write.", Required = true };

        var id = VenueCommands.VenueArgument();
        var venue = new Command("venue", "Write a venue's QR code or printable poster (managers and health departments).") { id, format, output };
        venue.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var image = await client.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = parse.GetValue(id)!, Format = Format(parse.GetValue(format)) }).ConfigureAwait(false);
            await WriteAsync(parse.GetValue(output)!, image.Data.ToByteArray(), image.ContentType, image.Payload, printer).ConfigureAwait(false);
        }, OptionNames.VenueArgument));

        var dependent = new Option<string>("--dependent") { Description = "The subject_user_id of a family member you declared for (declare --on-behalf): their code instead of yours." };
        var personal = new Command("personal", "Write your personal QR code (or a dependent's), for staff to scan at a door.") { format, output, dependent };
        personal.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var request = new GetPersonalQrCodeRequest { Format = Format(parse.GetValue(format)), SubjectUserId = parse.GetValue(dependent) ?? "" };
            var image = await client.Venues.GetPersonalQrCodeAsync(request).ConfigureAwait(false);
            await WriteAsync(parse.GetValue(output)!, image.Data.ToByteArray(), image.ContentType, image.Payload, printer).ConfigureAwait(false);
        }));

        qr.Subcommands.Add(venue);
        qr.Subcommands.Add(personal);
        return qr;
    }

    private static QrFormat Format(string? name) => name?.ToLowerInvariant() switch
    {
        "png" or null => QrFormat.Png,
        "svg" => QrFormat.Svg,
        "poster" => QrFormat.Poster,
        _ => throw new UsageException($"--format '{name}' không hợp lệ: ghi png, svg hoặc poster (áp phích A4).", $"--format '{name}' is not one of png, svg, poster."),
    };

    private static async Task WriteAsync(FileInfo file, byte[] data, string contentType, string payload, Printer printer)
    {
        await File.WriteAllBytesAsync(file.FullName, data).ConfigureAwait(false);
        printer.Say($"đã ghi {file.FullName} ({contentType}, {data.Length:N0} byte)", $"wrote {file.FullName} ({contentType}, {data.Length:N0} bytes)");
        printer.Print(new GetVenueQrCodeResponse { ContentType = contentType, Payload = payload });
    }
}
