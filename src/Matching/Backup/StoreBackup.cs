using System.Text.RegularExpressions;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Backup;

/// <summary>
/// Copies the files of a store that is open and serving so that the copy opens as the store would after a crash at
/// some moment after the copy began: every write acknowledged before it is in the copy. While the copy runs, the
/// stores' upkeep is held (<see cref="StoreUpkeep"/>), so no checkpoint, log or day is replaced or deleted; writers
/// only append to log segments and write commit records. Hence the order: first each log's commit records, then the
/// checkpoints and every other small file, last the log segments, which by then hold at least everything those
/// records and checkpoints point to. A log's commit records are two slots of one file written in place
/// (<see cref="CommitSlots"/>): it is read again until the copy holds a whole record, since a commit may be writing a
/// slot as it is read. Records of an earlier version's kind (<c>log-commits</c>, a file each) are copied oldest first:
/// the newest may still be being written, and recovery (newest first) then takes the one before it.
/// A file that vanishes between the listing and its copy is
/// left out, as it would be absent after a crash then: an older commit record of the earlier kind, a log segment wholly
/// before the log's start (deleted by a commit after a truncation), a temporary file
/// renamed into place (<c>*.tmp</c>, never copied). A cluster's lease files (<c>lease</c>, <c>control.lease</c>) and the
/// embedded server's <c>server.lock</c> are locks of the processes that hold them, empty of data, and are never copied
/// either (a held lock could not even be opened for the copy).
/// </summary>
public static partial class StoreBackup
{
    /// <summary>
    /// The longest a backup may take: it holds the stores' upkeep (checkpoints, log truncation, retention) while it
    /// copies, so a caller that stops reading must not hold it for ever. 6 GB at 100 M observations take about a minute
    /// on a local disk.
    /// </summary>
    public static readonly TimeSpan LongestCopy = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Holds the upkeep of every store of this process (<see cref="StoreUpkeep"/>) until disposed: for a copy another
    /// process makes of files this one keeps (a cluster's owner copying the partitions of this silo).
    /// </summary>
    public static async Task<IDisposable> HoldUpkeepAsync(CancellationToken cancellationToken)
        => await StoreUpkeep.HoldAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Marks an upkeep step another process asked of this one (a cluster's owner checkpointing or dropping days of a
    /// partition open here) until disposed; null while a copy holds the upkeep (<see cref="StoreUpkeep.TryEnter"/>).
    /// </summary>
    public static IDisposable? TryBeginUpkeep() => StoreUpkeep.TryEnter(out var step) ? step : null;

    /// <summary>
    /// Hands every file under <paramref name="storeRoot"/> to <paramref name="copy"/> (its path relative to the root,
    /// with forward slashes, and the file opened for reading) in that order. The caller holds the upkeep meanwhile
    /// (<see cref="TracingEngine.BackupStoreAsync"/>).
    /// </summary>
    public static async Task CopyAsync(string storeRoot, Func<string, Stream, Task> copy)
    {
        // An earlier version's records first: the first commit into the slots deletes them, so a slot file copied before
        // them might be blank and they gone by the time they were listed.
        foreach (var commits in Directory.GetDirectories(storeRoot, "log-commits", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var record in Directory.GetFiles(commits).OrderBy(CommitNumber))
                await CopyFileAsync(storeRoot, record, copy).ConfigureAwait(false);
        }
        foreach (var slots in Directory.GetFiles(storeRoot, CommitSlots.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            await CopyCommitSlotsAsync(storeRoot, slots, copy).ConfigureAwait(false);
        var files = Directory.GetFiles(storeRoot, "*", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(Path.GetDirectoryName(file)) != "log-commits" && Path.GetFileName(file) != CommitSlots.FileName && !file.EndsWith(".tmp", StringComparison.Ordinal) && !IsLock(file))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var file in files.Where(file => !IsLogSegment(file)))
            await CopyFileAsync(storeRoot, file, copy).ConfigureAwait(false);
        foreach (var file in files.Where(IsLogSegment))
            await CopyFileAsync(storeRoot, file, copy).ConfigureAwait(false);
    }

    /// <summary>A FASTER log segment (<c>hlog.log.0</c>, <c>log.3</c>): appended to while the store runs.</summary>
    public static bool IsLogSegment(string file) => LogSegmentName().IsMatch(Path.GetFileName(file));

    private static bool IsLock(string file) => Path.GetFileName(file) is "lease" or "control.lease" or "server.lock";

    private static long CommitNumber(string file)
        => Path.GetFileName(file).Split('.') is [_, var number, ..] && long.TryParse(number, out var n) ? n : -1;

    private static async Task CopyCommitSlotsAsync(string storeRoot, string file, Func<string, Stream, Task> copy)
    {
        for (var attempt = 0; ; attempt++)
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file).ConfigureAwait(false);
            }
            catch (Exception gone) when (gone is FileNotFoundException or DirectoryNotFoundException)
            {
                return;
            }
            // A commit writes one slot at a time, in well under a millisecond: a read that met one under way is done
            // again.
            if (CommitSlots.IsWhole(bytes))
            {
                await copy(RelativePath(storeRoot, file), new MemoryStream(bytes)).ConfigureAwait(false);
                return;
            }
            if (attempt == 100)
                throw new IOException($"No whole commit record could be read from {file} in 100 attempts; the backup is incomplete. Take it again.");
            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    private static string RelativePath(string storeRoot, string file) => Path.GetRelativePath(storeRoot, file).Replace(Path.DirectorySeparatorChar, '/');

    private static async Task CopyFileAsync(string storeRoot, string file, Func<string, Stream, Task> copy)
    {
        if (OpenIfPresent(file) is not { } stream)
            return;
        await using (stream)
            await copy(RelativePath(storeRoot, file), stream).ConfigureAwait(false);
    }

    /// <summary>
    /// A file of a running server opened for a backup's copy, while others go on writing, renaming or deleting it; null
    /// when it (or its folder) vanished since it was listed (a backup leaves it out, as a crash at that moment would).
    /// </summary>
    public static FileStream? OpenIfPresent(string file)
    {
        try
        {
            return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        }
        catch (Exception gone) when (gone is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(hlog\.log|log)\.\d+$")]
    private static partial Regex LogSegmentName();
}
