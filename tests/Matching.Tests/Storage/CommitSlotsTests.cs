using FASTER.core;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// A write-ahead log's commit records, kept in two slots written in place, as a restart relies on them: every entry
/// acknowledged (committed) before a crash is read back; a slot torn by the crash costs only the commit being written
/// then, never one acknowledged; a data folder of the earlier version (a commit file each) opens with all its entries.
/// </summary>
public sealed class CommitSlotsTests
{
    [Fact]
    public async Task A_log_reopened_after_a_crash_holds_every_committed_entry_in_order()
    {
        var random = new Random(21);
        for (var round = 0; round < 12; round++)
        {
            using var folder = new TempDirectory();
            var committed = new List<byte[]>();
            using (var log = Open(folder.Path))
            {
                for (var commit = random.Next(1, 6); commit > 0; commit--)
                {
                    for (var entry = random.Next(1, 40); entry > 0; entry--)
                        committed.Add(Enqueue(log, random));
                    await log.WaitForCommitAsync();
                }
                // Entries written after the last commit were never acknowledged: a crash may lose them.
                Enqueue(log, random);
                CrashImage.Copy(folder.Path, Path.Combine(folder.Path, "crash"));
            }

            using var reopened = Open(Path.Combine(folder.Path, "crash"));
            var read = Entries(reopened);
            Assert.True(read.Count >= committed.Count, $"round {round}: {committed.Count} entries committed, {read.Count} read back");
            Assert.Equal(committed, read.Take(committed.Count));
        }
    }

    [Fact]
    public async Task A_slot_torn_by_a_crash_falls_back_to_the_commit_before_it()
    {
        using var folder = new TempDirectory();
        var first = new List<byte[]>();
        var random = new Random(7);
        using (var log = Open(folder.Path))
        {
            for (var i = 0; i < 10; i++)
                first.Add(Enqueue(log, random));
            await log.WaitForCommitAsync();
            for (var i = 0; i < 10; i++)
                Enqueue(log, random);
            await log.WaitForCommitAsync();
            CrashImage.Copy(folder.Path, Path.Combine(folder.Path, "crash"));
        }
        // Tear the newest slot (the higher commit number, after the magic and the length) as a crash in the middle of
        // its write would.
        var slots = Path.Combine(folder.Path, "crash", "wal", "commits", CommitSlots.FileName);
        var bytes = File.ReadAllBytes(slots);
        var newest = BitConverter.ToInt64(bytes, 8) > BitConverter.ToInt64(bytes, 4096 + 8) ? 0 : 4096;
        Array.Fill(bytes, (byte)0xEE, newest + 40, 64);
        File.WriteAllBytes(slots, bytes);

        Assert.False(CommitSlots.IsWhole(bytes));

        using var reopened = Open(Path.Combine(folder.Path, "crash"));
        Assert.Equal(first, Entries(reopened).Take(first.Count));
        Assert.Equal(first.Count, Entries(reopened).Count);
        // The torn slot is cleared at the opening: a backup taken now finds the file whole.
        Assert.True(CommitSlots.IsWhole(File.ReadAllBytes(slots)));
    }

    [Fact]
    public async Task A_commit_record_the_disk_refuses_fails_the_commit_instead_of_leaving_it_waiting()
    {
        using var folder = new TempDirectory();
        using var log = Open(folder.Path);
        log.Log.Enqueue(new byte[] { 1, 2, 3 });
        await log.WaitForCommitAsync();
        // The disk refusing the record's write, as closing the slot file under the log makes every later write fail.
        ((CommitSlots)typeof(WriteAheadLog).GetField("_commits", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(log)!).Dispose();
        log.Log.Enqueue(new byte[] { 4, 5, 6 });

        var refused = await Assert.ThrowsAsync<IOException>(() => log.WaitForCommitAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("could not commit", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_is_whole_when_each_slot_holds_a_whole_record_or_none()
    {
        Assert.True(CommitSlots.IsWhole(new byte[8192]));
        using var folder = new TempDirectory();
        using (var log = Open(folder.Path))
        {
            log.Log.Enqueue(new byte[] { 1 });
            await log.WaitForCommitAsync();
        }
        var oneRecord = File.ReadAllBytes(Path.Combine(folder.Path, "wal", "commits", CommitSlots.FileName));
        Assert.True(CommitSlots.IsWhole(oneRecord));
        // The other slot caught in the middle of a write: it may have been hiding a newer record than the whole one.
        var otherTorn = oneRecord.ToArray();
        var blank = otherTorn.AsSpan(0, 4096).ContainsAnyExcept((byte)0) ? 4096 : 0;
        otherTorn[blank + 100] = 1;
        Assert.False(CommitSlots.IsWhole(otherTorn));
    }

    [Fact]
    public async Task A_log_of_the_earlier_version_opens_with_its_entries_and_its_commit_files_go_after_the_next_commit()
    {
        using var folder = new TempDirectory();
        var random = new Random(3);
        var entries = await WriteEarlierVersionLogAsync(folder.Path, random);
        var earlierCommits = Path.Combine(folder.Path, "wal", "commits", "log-commits");
        Assert.NotEmpty(Directory.GetFiles(earlierCommits));

        using (var log = Open(folder.Path))
        {
            Assert.Equal(entries, Entries(log));
            entries.Add(Enqueue(log, random));
            await log.WaitForCommitAsync();
        }
        Assert.Empty(Directory.GetFiles(earlierCommits));
        using var reopened = Open(folder.Path);
        Assert.Equal(entries, Entries(reopened));
    }

    [Fact]
    public async Task A_backup_taken_as_an_earlier_versions_log_commits_for_the_first_time_holds_every_committed_entry()
    {
        using var folder = new TempDirectory();
        var random = new Random(5);
        var entries = await WriteEarlierVersionLogAsync(folder.Path, random);
        var copy = Path.Combine(folder.Path, "backup");
        using (var log = Open(folder.Path))
        {
            // The log's first commit here (which deletes the earlier version's records) comes just as the copy begins.
            var committed = false;
            await Backup.StoreBackup.CopyAsync(folder.Path, async (path, stream) =>
            {
                if (path.StartsWith("backup/", StringComparison.Ordinal))
                    return;
                if (!committed)
                {
                    committed = true;
                    entries.Add(Enqueue(log, random));
                    await log.WaitForCommitAsync();
                }
                var target = Path.Combine(copy, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var file = File.Create(target);
                await stream.CopyToAsync(file);
            });
        }

        using var restored = Open(copy);
        Assert.Equal(entries.Take(25), Entries(restored).Take(25));
    }

    /// <summary>
    /// A log as the earlier version left it (FASTER's own commit manager: a file per commit under
    /// <c>wal/commits/log-commits</c>), 25 entries committed; returns them.
    /// </summary>
    private static async Task<List<byte[]>> WriteEarlierVersionLogAsync(string folder, Random random)
    {
        var entries = new List<byte[]>();
        using var device = Devices.CreateLogDevice(Path.Combine(folder, "wal", "log"), preallocateFile: false, recoverDevice: true);
        using var earlier = new FasterLog(new FasterLogSettings { LogDevice = device, LogCommitDir = Path.Combine(folder, "wal", "commits"), MemorySizeBits = 20, PageSizeBits = 16, SegmentSizeBits = 30 });
        for (var i = 0; i < 25; i++)
        {
            var entry = Entry(random);
            earlier.Enqueue(entry);
            entries.Add(entry);
        }
        await earlier.CommitAsync();
        return entries;
    }

    private static WriteAheadLog Open(string folder) => new(folder, memorySizeBits: 20, pageSizeBits: 16, TimeSpan.Zero);

    private static byte[] Entry(Random random)
    {
        var entry = new byte[random.Next(1, 300)];
        random.NextBytes(entry);
        return entry;
    }

    private static byte[] Enqueue(WriteAheadLog log, Random random)
    {
        var entry = Entry(random);
        log.Log.Enqueue(entry);
        return entry;
    }

    private static List<byte[]> Entries(WriteAheadLog log)
    {
        var read = new List<byte[]>();
        using var iterator = log.Log.Scan(log.Log.BeginAddress, log.Log.TailAddress);
        while (iterator.GetNext(out var entry, out var length, out _))
            read.Add(entry[..length]);
        return read;
    }
}
