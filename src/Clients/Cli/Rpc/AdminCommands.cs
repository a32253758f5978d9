using System.CommandLine;
using System.Globalization;
using Grpc.Health.V1;
using Tracing.Clients;
using Tracing.Shared.Backup;

namespace Tracing.Cli.Rpc;

/// <summary>
/// <c>tracing admin health | backup | verify | restore</c>: whether a server serves (<c>grpc.health.v1</c>), an online
/// backup of a running server (an operator's API key), and the checks and restore an operator runs on the backup's
/// machine (docs/OPERATIONS.md).
/// </summary>
internal static class AdminCommands
{
    public static Command Create()
    {
        var admin = new Command("admin", "For operators: check that a server serves, back up a running server (--api-key of the Operator role), check a backup, restore one into an empty data folder.");
        admin.Subcommands.Add(Health());
        admin.Subcommands.Add(Backup());
        admin.Subcommands.Add(Verify());
        admin.Subcommands.Add(Restore());
        return admin;
    }

    /// <summary>How long the health check waits for an answer: a server that cannot answer that soon is not serving.</summary>
    private static readonly TimeSpan HealthWait = TimeSpan.FromSeconds(10);

    private static Command Health()
    {
        var command = new Command("health", "Ask the server whether it serves (grpc.health.v1 Health/Check, no key needed): exit code 0 only when it answers SERVING.");
        command.SetAction((parse, cancellationToken) => Connection.RunAnonymousAsync(parse, async (client, printer) =>
        {
            var server = parse.GetValue(Connection.Server);
            var answer = await new Health.HealthClient(client.CallInvoker)
                .CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.Add(HealthWait), cancellationToken: cancellationToken).ConfigureAwait(false);
            var serving = answer.Status == HealthCheckResponse.Types.ServingStatus.Serving;
            if (printer.Json)
                printer.Print(answer);
            else if (serving)
                printer.Say($"{server}: SERVING — máy chủ đang phục vụ.", $"{server}: SERVING.");
            if (serving)
                return 0;
            var error = parse.InvocationConfiguration.Error;
            error.WriteLine(printer.English
                ? $"error: {server} answers {answer.Status.ToString().ToUpperInvariant()}, not SERVING"
                : $"lỗi: {server} trả lời {answer.Status.ToString().ToUpperInvariant()}, chưa phục vụ (SERVING)");
            error.WriteLine(printer.English
                ? "  a store could not checkpoint, or a partition is moving: see the server's log, and check again in a minute"
                : "  một kho dữ liệu chưa ghi được điểm lưu, hoặc một phân vùng đang chuyển: xem nhật ký của máy chủ, rồi kiểm tra lại sau một phút");
            return 1;
        }));
        return command;
    }

    private static Command Backup()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "A new (or empty) folder to write the backup into.", Required = true };
        var command = new Command("backup", "Take a consistent backup of the running server's data while it serves: every write acknowledged before the command started is in it.") { output };
        command.SetAction((parse, cancellationToken) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var folder = parse.GetValue(output)!.FullName;
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                throw new UsageException($"--out {folder}: thư mục này đã có dữ liệu; hãy chọn một thư mục mới.", $"--out {folder} is not empty: give a new folder.");
            var manifest = await BackupDownload.ToFolderAsync(client, folder, cancellationToken: cancellationToken).ConfigureAwait(false);
            var bytes = manifest.Files.Sum(f => f.Length);
            printer.Say(
                $"Đã sao lưu {manifest.Files.Count} tệp ({Megabytes(bytes)} MB) vào {folder}, thời điểm {manifest.Created.ToOffset(TimeSpan.FromHours(7)):dd/MM/yyyy HH:mm:ss} (giờ Việt Nam).",
                $"Backed up {manifest.Files.Count} files ({Megabytes(bytes)} MB) into {folder}, taken {manifest.Created:yyyy-MM-dd HH:mm:ss} UTC.");
        }));
        return command;
    }

    private static Command Verify()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The backup's folder." };
        var command = new Command("verify", "Check a backup: its manifest is there, and every file it lists is there, whole (SHA-256), and nothing else.") { folder };
        command.SetAction(parse =>
        {
            var english = Language.English(parse);
            var path = parse.GetValue(folder)!.FullName;
            var (manifest, problems) = BackupFolder.Verify(path);
            foreach (var problem in problems)
                parse.InvocationConfiguration.Error.WriteLine((english ? "problem: " : "lỗi: ") + problem);
            if (manifest is null || problems.Count > 0)
            {
                parse.InvocationConfiguration.Error.WriteLine(english ? $"{path} is not a whole backup." : $"{path} không phải bản sao lưu đầy đủ.");
                return 1;
            }
            var bytes = manifest.Files.Sum(f => f.Length);
            parse.InvocationConfiguration.Output.WriteLine(english
                ? $"Whole: {manifest.Files.Count} files ({Megabytes(bytes)} MB), taken {manifest.Created:yyyy-MM-dd HH:mm:ss} UTC."
                : $"Bản sao lưu đầy đủ: {manifest.Files.Count} tệp ({Megabytes(bytes)} MB), thời điểm {manifest.Created.ToOffset(TimeSpan.FromHours(7)):dd/MM/yyyy HH:mm:ss} (giờ Việt Nam).");
            return 0;
        });
        return command;
    }

    private static Command Restore()
    {
        var from = new Option<DirectoryInfo>("--from") { Description = "The backup's folder.", Required = true };
        var dataDir = new Option<DirectoryInfo>("--data-dir") { Description = "A new (or empty) data folder; then start the server with Tracing:DataDir set to it.", Required = true };
        var command = new Command("restore", "Check a backup, then copy it into a new, empty data folder (never over existing data).") { from, dataDir };
        command.SetAction(parse =>
        {
            var english = Language.English(parse);
            var target = parse.GetValue(dataDir)!.FullName;
            try
            {
                var restored = BackupFolder.Restore(parse.GetValue(from)!.FullName, target);
                var files = restored.Manifest.Files.Count;
                // A copy of a cluster's root must not pass for it: said, so the refusal of a silo started on it is no surprise.
                var newRoot = restored.NewRootId is null ? ""
                    : english ? $" The copy got a new storage root id ({restored.NewRootId}): a cluster's silos never take it for the original (docs/OPERATIONS.md)."
                    : $" Bản sao có mã gốc lưu trữ mới ({restored.NewRootId}): các silo của cụm không bao giờ nhận nhầm nó là bản gốc (docs/OPERATIONS.md).";
                parse.InvocationConfiguration.Output.WriteLine(english
                    ? $"Restored {files} files into {target}.{newRoot} Start the server (the installed version you mean to run) on it: --Tracing:DataDir={target}, or the environment variable Tracing__DataDir={target}."
                    : $"Đã khôi phục {files} tệp vào {target}.{newRoot} Hãy khởi động máy chủ (bản đã cài đặt cần chạy) với thư mục này: --Tracing:DataDir={target}, hoặc biến môi trường Tracing__DataDir={target}.");
                return 0;
            }
            catch (InvalidOperationException refused)
            {
                parse.InvocationConfiguration.Error.WriteLine((english ? "error: " : "lỗi: ") + refused.Message);
                return 1;
            }
        });
        return command;
    }

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("N1", CultureInfo.InvariantCulture);
}
