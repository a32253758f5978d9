using System.CommandLine;
using System.Runtime.ExceptionServices;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary><c>tracing scans upload</c>: a door scanner's or a phone's queued scans over one stream, an answer for each.</summary>
internal static class ScansCommand
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file")
        {
            Description = "Scans, one ScanRequest per line in protobuf JSON: {\"client_event_id\":\"e1\",\"qr_payload\":\"…\",\"direction\":\"DIRECTION_IN\",\"scanned_at\":\"2021-08-10T09:00:00Z\",\"method\":\"SCAN_METHOD_SELF\"}.",
            Required = true,
        };
        var upload = new Command("upload", "Send queued scans over one stream (StreamScans); prints each answer, then how many were recorded and refused.") { file };
        upload.SetAction((parse, cancellationToken) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var scans = await JsonLines.ReadAsync<ScanRequest>(parse.GetValue(file)!.FullName, cancellationToken).ConfigureAwait(false);
            using var call = client.CheckIn.StreamScans(cancellationToken: cancellationToken);
            var answers = Task.Run(async () =>
            {
                var (recorded, refused) = (0, 0);
                await foreach (var answer in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    printer.Print(answer);
                    if (answer.Status == ScanStatus.Rejected)
                        refused++;
                    else
                        recorded++;
                }
                return (recorded, refused);
            }, cancellationToken);
            Exception? ended = null;
            try
            {
                foreach (var scan in scans)
                    await call.RequestStream.WriteAsync(new StreamScansRequest { Scan = scan }, cancellationToken).ConfigureAwait(false);
                await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or RpcException)
            {
                // The server ended the call early; a write may then fail with a bare CANCELLED. The answer stream
                // ends with the call's own status, thrown below; if it somehow ended cleanly, the failed write is the error.
                ended = e;
            }
            var (recorded, refused) = await answers.ConfigureAwait(false);
            if (ended is not null)
                ExceptionDispatchInfo.Throw(ended);
            printer.Say($"đã ghi nhận {recorded} lượt quét, từ chối {refused}", $"{recorded} scan(s) recorded, {refused} refused");
        }));
        var command = new Command("scans", "Scans queued on a device (offline phones, door scanners).");
        command.Subcommands.Add(upload);
        return command;
    }
}
