using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Server.Privacy;
using Tracing.Shared.Backup;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>
/// The operators' service (an Operator key opens it and nothing else: <see cref="Security.KeyScope"/>). A backup
/// streams the data folder while the server serves: the store as <see cref="TracingEngine.BackupStoreAsync"/> copies
/// it (a cluster's owner: every partition, on whichever silo it is open), then the signing keys and the audit log, then
/// the manifest.
/// </summary>
public sealed class AdminGrpcService(TracingEngine engine, TracingSettings settings, AuditLog audit, Draining draining, TimeProvider time, ILogger<AdminGrpcService> logger) : AdminService.AdminServiceBase
{
    private const int PieceBytes = 1 << 20;

    // Regenerated output (the simulator's charts) is not data; the store is copied first, in its own order.
    private static readonly string[] s_notCopied = ["store", "charts"];

    /// <inheritdoc />
    public override async Task CreateBackup(CreateBackupRequest request, IServerStreamWriter<CreateBackupResponse> responseStream, ServerCallContext context)
    {
        var started = time.GetUtcNow();
        var dataDir = Path.GetFullPath(settings.DataDir);
        var files = new List<BackupFile>();
        // Ended by the caller, by a server that stops (its last checkpoint must not wait), or by the bound.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, draining.Stopping);
        bounded.CancelAfter(Matching.Backup.StoreBackup.LongestCopy);
        var cancellation = bounded.Token;
        await engine.BackupStoreAsync((path, stream) => SendAsync("store/" + path, stream, stream.Length), cancellation).ConfigureAwait(false);
        foreach (var file in Directory.GetFiles(dataDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var path = Path.GetRelativePath(dataDir, file).Replace(Path.DirectorySeparatorChar, '/');
            if (s_notCopied.Contains(path.Split('/')[0]) || path.EndsWith(".tmp", StringComparison.Ordinal) || Matching.Backup.StoreBackup.OpenIfPresent(file) is not { } stream)
                continue;
            await using var opened = stream;
            // A log of JSON lines being appended to is copied up to its last whole line.
            await SendAsync(path, stream, path.EndsWith(".jsonl", StringComparison.Ordinal) ? WholeLines(stream) : stream.Length).ConfigureAwait(false);
        }
        var manifest = new BackupManifest(BackupManifest.CurrentFormat, started, files).ToJson();
        await SendAsync(BackupManifest.FileName, new MemoryStream(manifest), manifest.Length).ConfigureAwait(false);
        var bytes = files.Sum(f => f.Length);
        audit.Record(context.Caller(), nameof(CreateBackup), "data folder", files.Count);
        ServerLog.BackupTaken(logger, files.Count, bytes / 1e6, (time.GetUtcNow() - started).TotalSeconds);

        async Task SendAsync(string path, Stream stream, long length)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[(int)Math.Min(PieceBytes, Math.Max(1, length))];
            var left = length;
            do
            {
                var read = left == 0 ? 0 : await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellation).ConfigureAwait(false);
                if (read == 0 && left > 0)
                    throw new IOException($"{path} became shorter while it was copied.");
                hash.AppendData(buffer, 0, read);
                left -= read;
                var piece = new CreateBackupResponse { Path = path, Data = ByteString.CopyFrom(buffer, 0, read), FileEnds = left == 0 };
                if (left == 0)
                    piece.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                await responseStream.WriteAsync(piece, cancellation).ConfigureAwait(false);
                if (left == 0)
                    files.Add(new BackupFile(path, length, piece.Sha256));
            }
            while (left > 0);
        }
    }

    /// <summary>The length of the file up to and with its last line break (0 without one).</summary>
    private static long WholeLines(FileStream stream)
    {
        var chunk = new byte[1 << 16];
        for (var end = stream.Length; end > 0;)
        {
            var start = Math.Max(0, end - chunk.Length);
            stream.Seek(start, SeekOrigin.Begin);
            stream.ReadExactly(chunk, 0, (int)(end - start));
            var lastBreak = Array.LastIndexOf(chunk, (byte)'\n', (int)(end - start) - 1);
            if (lastBreak >= 0)
            {
                stream.Seek(0, SeekOrigin.Begin);
                return start + lastBreak + 1;
            }
            end = start;
        }
        stream.Seek(0, SeekOrigin.Begin);
        return 0;
    }
}
