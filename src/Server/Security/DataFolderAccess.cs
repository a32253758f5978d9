using System.Runtime.InteropServices;

namespace Tracing.Server.Security;

/// <summary>
/// The data folder is the owner's only: folders 0700, files 0600. It holds the store (people, declarations, cases),
/// the scan and observation days, the audit log, the keys and, in development, the SMS outbox with one-time codes.
/// </summary>
/// <remarks>
/// Three layers, because files are created by code that is not ours (FASTER's logs and checkpoints, the data
/// protection keys): (1) the server process's file-creation mask becomes 077 when the server is built, so every
/// file and folder it creates from then on is owner-only whoever creates it; (2) the data folder itself is 0700,
/// so even a file created wider is out of other users' reach; (3) at start every folder and file already under it
/// is brought to 0700 / 0600 (a folder from an older version, a restored backup), and the count is logged. The
/// signing key is left to <see cref="KeyRing"/>, which refuses to start when others could read it: a key that
/// leaked must be replaced, not quietly tightened.
/// </remarks>
internal static partial class DataFolderAccess
{
    /// <summary>Read, write and enter, for the owner only.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Read and write, for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The mask that turns the group's and others' bits off in every new file and folder.</summary>
    private const uint OwnerOnlyMask = 0b000_111_111; // 077

    /// <summary>Makes what this process creates from now on owner-only, and creates the data folder so.</summary>
    public static void RestrictFromNowOn(string dataDir)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDir);
            return;
        }
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            _ = SetFileCreationMask(OwnerOnlyMask);
        Directory.CreateDirectory(dataDir, FolderMode);
    }

    /// <summary>Brings the data folder and everything under it to owner-only; returns how many entries were changed.</summary>
    public static int RestrictExisting(string dataDir)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(dataDir))
            return 0;
        var changed = Restrict(dataDir, FolderMode) ? 1 : 0;
        var signingKey = Path.Combine(dataDir, "keys", "server.key");
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var entry in new DirectoryInfo(dataDir).EnumerateFileSystemInfos("*", everything))
        {
            if (entry is DirectoryInfo)
                changed += Restrict(entry.FullName, FolderMode) ? 1 : 0;
            else if (entry.FullName != signingKey)
                changed += Restrict(entry.FullName, FileMode) ? 1 : 0;
        }
        return changed;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool Restrict(string path, UnixFileMode wanted)
    {
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & ~wanted) == 0 && (mode & wanted) == wanted)
                return false;
            File.SetUnixFileMode(path, wanted);
            return true;
        }
        catch (FileNotFoundException)
        {
            // Deleted while walking (a checkpoint replaced): nothing left to protect.
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>POSIX <c>umask(2)</c>: .NET has no API for the process's file-creation mask.</summary>
    [LibraryImport("libc", EntryPoint = "umask")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial uint SetFileCreationMask(uint mask);
}
