using System.CommandLine;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing contacts upload</c>: stream Bluetooth contact batches from a file, as a phone would.</summary>
internal static class ContactsCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file")
        {
            Description = "Batches, one ContactBatch per line in protobuf JSON: {\"batch_id\":\"b1\",\"observations\":[{\"rpi\":\"<base64>\",\"seen_at\":\"2021-08-10T09:00:00Z\",...}]}.",
            Required = true,
        };
        var upload = new Command("upload", "Upload contact batches (one stream); prints how many observations were accepted and why any were not.") { file };
        upload.SetAction((parse, cancellationToken) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var batches = await JsonLines.ReadAsync<ContactBatch>(parse.GetValue(file)!.FullName, cancellationToken).ConfigureAwait(false);
            printer.Say($"đang gửi {batches.Count} lô", $"uploading {batches.Count} batch(es)");
            var watched = !printer.Json && !Console.IsErrorRedirected;
            var tracked = Progress.Track(batches, "batches", parse.InvocationConfiguration.Error, watched);
            printer.Print(await client.UploadContactsAsync(tracked, cancellationToken).ConfigureAwait(false));
        }));
        var contacts = new Command("contacts", "Bluetooth contacts a phone heard.");
        contacts.Subcommands.Add(upload);
        return contacts;
    }
}
