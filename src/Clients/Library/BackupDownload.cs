using System.Security.Cryptography;
using Grpc.Core;
using Tracing.Shared.Backup;
using Tracing.V1;

namespace Tracing.Clients;

/// <summary>Writes the files of <c>AdminService.CreateBackup</c> into a folder, checking each one's SHA-256 as it arrives.</summary>
public static class BackupDownload
{
    /// <summary>
    /// Takes a backup of the server behind <paramref name="client"/> (an operator's key) into <paramref name="folder"/>,
    /// which must be empty or absent and is made once the server accepts (a refused backup leaves no folder behind);
    /// returns its manifest. Throws <see cref="InvalidDataException"/> when a file arrives
    /// damaged, and <see cref="RpcException"/> when the server refuses or stops.
    /// </summary>
    public static async Task<BackupManifest> ToFolderAsync(TracingClient client, string folder, IProgress<BackupFile>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new IOException($"{folder} is not empty: give a new folder for the backup.");
        using var call = client.Admin.CreateBackup(new CreateBackupRequest(), cancellationToken: cancellationToken);
        FileStream? file = null;
        IncrementalHash? hash = null;
        long length = 0;
        // The folder is made once the server has accepted (its first message), so a refused backup leaves nothing behind;
        // the outermost folder made here is removed again if the backup fails before its first file is written.
        var accepted = false;
        string? created = null;
        var written = false;
        try
        {
            await foreach (var piece in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!accepted)
                {
                    created = OutermostMissing(Path.GetFullPath(folder));
                    BackupFolder.CreateOwnerOnly(folder);
                    accepted = true;
                }
                if (file is null)
                {
                    if (!BackupFolder.IsSafe(piece.Path))
                        throw new InvalidDataException($"The server sent a file outside the backup folder: {piece.Path}.");
                    var path = Path.Combine(folder, piece.Path);
                    BackupFolder.CreateOwnerOnly(Path.GetDirectoryName(path)!);
                    file = new FileStream(path, OwnerOnlyFile);
                    written = true;
                    hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    length = 0;
                }
                // A run of zeros (a log's preallocated space) is left as a hole, as it is in the server's file.
                if (piece.Data.Span.ContainsAnyExcept((byte)0))
                    await file.WriteAsync(piece.Data.Memory, cancellationToken).ConfigureAwait(false);
                else
                    file.Seek(piece.Data.Length, SeekOrigin.Current);
                hash!.AppendData(piece.Data.Span);
                length += piece.Data.Length;
                if (!piece.FileEnds)
                    continue;
                file.SetLength(length);
                await file.DisposeAsync().ConfigureAwait(false);
                file = null;
                var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                hash.Dispose();
                hash = null;
                if (sha256 != piece.Sha256)
                    throw new InvalidDataException($"{piece.Path} arrived damaged (its SHA-256 differs from the server's).");
                progress?.Report(new BackupFile(piece.Path, length, sha256));
            }
        }
        catch when (!written && created is not null)
        {
            Directory.Delete(created, recursive: true);
            throw;
        }
        finally
        {
            if (file is not null)
                await file.DisposeAsync().ConfigureAwait(false);
            hash?.Dispose();
        }
        var (manifest, problems) = BackupFolder.Verify(folder);
        if (manifest is null || problems.Count > 0)
            throw new InvalidDataException($"The backup in {folder} is not whole:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        return manifest;
    }

    /// <summary>The outermost folder of <paramref name="folder"/>'s path that does not exist yet (null when it exists).</summary>
    private static string? OutermostMissing(string folder)
    {
        string? missing = null;
        for (var path = folder; path is not null && !Directory.Exists(path); path = Path.GetDirectoryName(path))
            missing = path;
        return missing;
    }

    /// <summary>A new file only its owner may read (0600): a backup holds everyone's data and the server's signing key.</summary>
    private static readonly FileStreamOptions OwnerOnlyFile = OwnerOnlyFileOptions();

    private static FileStreamOptions OwnerOnlyFileOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return options;
    }
}
