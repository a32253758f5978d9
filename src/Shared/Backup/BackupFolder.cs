using System.Security.Cryptography;

namespace Tracing.Shared.Backup;

/// <summary>A backup on disk (what <c>tracing admin backup</c> wrote): checked against its manifest, and restored.</summary>
public static class BackupFolder
{
    /// <summary>The signing key: without it, every phone's token and every printed QR code would be void.</summary>
    private const string SigningKey = "keys/server.key";

    /// <summary>
    /// Checks the backup in <paramref name="folder"/>: its manifest is there and readable, every file it lists is there
    /// with its length and SHA-256, nothing else is, and it holds the signing key and the store. Returns the manifest and
    /// every problem found (none: the backup is whole).
    /// </summary>
    public static (BackupManifest? Manifest, List<string> Problems) Verify(string folder)
    {
        var problems = new List<string>();
        var manifestPath = Path.Combine(folder, BackupManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            problems.Add($"{BackupManifest.FileName} is missing: the backup did not finish, or this is not a backup.");
            return (null, problems);
        }
        var manifest = BackupManifest.Parse(File.ReadAllBytes(manifestPath));
        if (manifest is null || manifest.Files is null)
        {
            problems.Add($"{BackupManifest.FileName} is not a backup manifest.");
            return (null, problems);
        }
        if (manifest.Format != BackupManifest.CurrentFormat)
            problems.Add($"{BackupManifest.FileName} has format {manifest.Format}; this version reads format {BackupManifest.CurrentFormat}.");
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files)
        {
            if (!IsSafe(file.Path))
            {
                problems.Add($"{file.Path}: not a path inside the data folder.");
                continue;
            }
            listed.Add(file.Path);
            var path = Path.Combine(folder, file.Path);
            if (!File.Exists(path))
                problems.Add($"{file.Path}: missing.");
            else if (new FileInfo(path).Length != file.Length)
                problems.Add($"{file.Path}: {new FileInfo(path).Length:N0} bytes, the manifest says {file.Length:N0}.");
            else if (Sha256Of(path) != file.Sha256)
                problems.Add($"{file.Path}: its SHA-256 differs from the manifest's (damaged).");
        }
        foreach (var extra in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/')))
        {
            if (extra != BackupManifest.FileName && !listed.Contains(extra))
                problems.Add($"{extra}: not in the manifest.");
        }
        if (!listed.Contains(SigningKey))
            problems.Add($"{SigningKey}: not in the backup, so every token and QR code would be void after a restore.");
        if (!listed.Any(path => path.StartsWith("store/", StringComparison.Ordinal)))
            problems.Add("store/: not in the backup, so it holds no data.");
        return (manifest, problems);
    }

    /// <summary>
    /// Verifies the backup in <paramref name="folder"/>, then copies it into <paramref name="dataDir"/>, which must be
    /// empty or absent (a restore never overwrites data). The copy is the owner's only (0700 folders, 0600 files), as the
    /// server keeps its data folder, and its storage root gets a new id (<see cref="StorageRootId"/>): it never passes
    /// for the cluster's root it was copied from. Throws <see cref="InvalidOperationException"/> saying what is wrong.
    /// </summary>
    public static RestoredDataFolder Restore(string folder, string dataDir)
    {
        if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())
            throw new InvalidOperationException($"{dataDir} is not empty: a restore never overwrites a data folder. Restore into a new folder, then point Tracing:DataDir at it.");
        if (File.Exists(dataDir))
            throw new InvalidOperationException($"{dataDir} is a file: restore into a new folder.");
        var (manifest, problems) = Verify(folder);
        if (manifest is null || problems.Count > 0)
            throw new InvalidOperationException($"The backup in {folder} is not whole, so nothing was restored:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        CreateOwnerOnly(dataDir);
        foreach (var file in manifest.Files)
        {
            var target = Path.Combine(dataDir, file.Path);
            CreateOwnerOnly(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(folder, file.Path), target);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return new RestoredDataFolder(manifest, StorageRootId.Renew(dataDir));
    }

    /// <summary>The SHA-256 of a file, in lowercase hex.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A relative path that stays inside the folder it is joined to.</summary>
    public static bool IsSafe(string path)
        => path.Length > 0 && !Path.IsPathRooted(path) && !path.Contains('\\') && path.Split('/').All(part => part is not ("" or "." or ".."));

    /// <summary>Creates <paramref name="folder"/> and every missing folder above it, each the owner's only (0700).</summary>
    public static void CreateOwnerOnly(string folder)
    {
        if (Directory.Exists(folder))
            return;
        if (Path.GetDirectoryName(folder) is { } parent)
            CreateOwnerOnly(parent);
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
