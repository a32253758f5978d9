using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FASTER.core;
using Microsoft.Win32.SafeHandles;

namespace Tracing.Matching.Storage;

/// <summary>
/// A FASTER log's commit records, kept in two slots of one file (<c>commit-slots</c>) and written in place, in turn, on
/// the committing thread. FASTER's own manager creates a file per commit, writes it through the thread pool while the
/// committing thread waits, and deletes older ones: under bulk uploads that took a case's commit 5–20 ms on file
/// creation and on waiting for a pool thread, where a write in place takes a fraction of a millisecond. Both slots
/// exist from the start, so a commit changes no more than the slot's bytes, and only they go to disk (<c>fdatasync</c>
/// on Linux): a commit never waits on the file system's journal, which the bulk logs' growth keeps busy. A slot carries
/// its commit number and a hash; a write torn by a crash fails the hash, and recovery takes the other slot, the commit
/// before it, which every acknowledged write was already in. Records of FASTER's own manager (<c>log-commits</c>, data
/// of an earlier version) are read at recovery and deleted after the first commit here.
/// </summary>
internal sealed partial class CommitSlots : ILogCommitManager
{
    /// <summary>The file's name, in the log's commit folder.</summary>
    public const string FileName = "commit-slots";

    private const int SlotSize = 4096;
    private const int HeaderSize = 32;
    private const uint Magic = 0x534c_4f54; // "SLOT"
    private readonly SafeFileHandle _file;
    private readonly DeviceLogCommitCheckpointManager _earlier;
    private readonly Slot?[] _slots = new Slot?[2];
    private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _earlierRemoved;
    private int _next;

    public CommitSlots(string commitDirectory)
    {
        Directory.CreateDirectory(commitDirectory);
        _earlier = new DeviceLogCommitCheckpointManager(new LocalStorageNamedDeviceFactory(), new DefaultCheckpointNamingScheme(commitDirectory));
        _file = File.OpenHandle(Path.Combine(commitDirectory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        // What is read must be on disk first: a process that died between a slot's write and its sync left the slot in
        // the page cache only, and recovery must not build on a commit a power cut could still take back.
        RandomAccess.FlushToDisk(_file);
        var bytes = new byte[2 * SlotSize];
        var read = RandomAccess.Read(_file, bytes, 0);
        if (read < bytes.Length)
        {
            RandomAccess.Write(_file, bytes.AsSpan(read), read);
            RandomAccess.FlushToDisk(_file);
        }
        for (var i = 0; i < 2; i++)
        {
            _slots[i] = Read(bytes, i);
            // A slot torn by a crash is cleared, so a slot is only ever whole or blank but while it is written.
            if (_slots[i] is null && bytes.AsSpan(i * SlotSize, SlotSize).ContainsAnyExcept((byte)0))
                Clear(i);
        }
        _next = Newest() is { } newest ? 1 - newest : 0;
    }

    /// <summary>
    /// Faults once a commit record could not be written (the disk refused it): FASTER's commit worker swallows the
    /// failure, so a log waiting for its commit waits on this too, instead of for ever.
    /// </summary>
    public Task Failed => _failed.Task;

    /// <summary>
    /// Whether <paramref name="file"/> (a slot file read while its log commits) is whole: each slot holds a whole record
    /// or none. A backup reads it again until it is: one slot torn by a commit under way may have hidden a newer record
    /// than the other slot holds (the reader paused between the two, and two commits went by).
    /// </summary>
    public static bool IsWhole(ReadOnlySpan<byte> file)
        => file.Length >= 2 * SlotSize ? IsWholeSlot(file, 0) && IsWholeSlot(file, 1) : !file.ContainsAnyExcept((byte)0);

    public void Commit(long beginAddress, long untilAddress, byte[] commitMetadata, long commitNum, bool forceWriteMetadata)
    {
        if (commitMetadata.Length > SlotSize - HeaderSize)
            throw new InvalidOperationException($"A commit record of {commitMetadata.Length} bytes does not fit a slot of {SlotSize}.");
        var slot = new byte[SlotSize];
        BinaryPrimitives.WriteUInt32LittleEndian(slot, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(slot.AsSpan(4), commitMetadata.Length);
        BinaryPrimitives.WriteInt64LittleEndian(slot.AsSpan(8), commitNum);
        commitMetadata.CopyTo(slot, HeaderSize);
        Hash(slot, commitMetadata.Length).CopyTo(slot.AsSpan(16));
        try
        {
            WriteDurably(slot, (long)_next * SlotSize);
        }
        catch (Exception refused)
        {
            _failed.TrySetException(new IOException("A commit record could not be written to disk.", refused));
            throw;
        }
        _slots[_next] = new Slot(commitNum, commitMetadata);
        _next = 1 - _next;
        if (!_earlierRemoved)
        {
            _earlier.RemoveAllCommits();
            _earlierRemoved = true;
        }
    }

    public byte[] GetCommitMetadata(long commitNum)
        => _slots.FirstOrDefault(s => s?.Number == commitNum)?.Metadata ?? _earlier.GetCommitMetadata(commitNum);

    public IEnumerable<long> ListCommits()
        => _slots.OfType<Slot>().Select(s => s.Number).Concat(_earlier.ListCommits()).Distinct().OrderDescending().ToList();

    public void RemoveCommit(long commitNum)
    {
        for (var i = 0; i < 2; i++)
        {
            if (_slots[i]?.Number == commitNum)
                Clear(i);
        }
        _earlier.RemoveCommit(commitNum);
    }

    public void RemoveAllCommits()
    {
        Clear(0);
        Clear(1);
        _earlier.RemoveAllCommits();
    }

    public void OnRecovery(long commitNum) => _earlier.OnRecovery(commitNum);

    public void Dispose()
    {
        _file.Dispose();
        _earlier.Dispose();
    }

    private int? Newest() => (_slots[0], _slots[1]) switch
    {
        (null, null) => null,
        (not null, null) => 0,
        (null, not null) => 1,
        var (a, b) => a.Number >= b.Number ? 0 : 1,
    };

    private void Clear(int index)
    {
        WriteDurably(new byte[SlotSize], (long)index * SlotSize);
        _slots[index] = null;
    }

    private void WriteDurably(ReadOnlySpan<byte> bytes, long offset)
    {
        RandomAccess.Write(_file, bytes, offset);
        if (!OperatingSystem.IsLinux())
            RandomAccess.FlushToDisk(_file);
        else if (DataSync(_file) != 0)
            throw new IOException($"The commit record could not be written to disk (fdatasync: error {Marshal.GetLastPInvokeError()}).");
    }

    private static bool IsWholeSlot(ReadOnlySpan<byte> file, int index)
        => Read(file, index) is not null || !file.Slice(index * SlotSize, SlotSize).ContainsAnyExcept((byte)0);

    private static Slot? Read(ReadOnlySpan<byte> file, int index)
    {
        if (file.Length < (index + 1) * SlotSize)
            return null;
        var slot = file.Slice(index * SlotSize, SlotSize);
        var length = BinaryPrimitives.ReadInt32LittleEndian(slot[4..]);
        if (BinaryPrimitives.ReadUInt32LittleEndian(slot) != Magic || length is < 0 or > SlotSize - HeaderSize || !slot.Slice(16, 16).SequenceEqual(Hash(slot, length)))
            return null;
        return new Slot(BinaryPrimitives.ReadInt64LittleEndian(slot[8..]), slot.Slice(HeaderSize, length).ToArray());
    }

    // The first 16 bytes of SHA-256 over the header before the hash and the record.
    private static byte[] Hash(ReadOnlySpan<byte> slot, int length)
    {
        var covered = new byte[16 + length];
        slot[..16].CopyTo(covered);
        slot.Slice(HeaderSize, length).CopyTo(covered.AsSpan(16));
        return SHA256.HashData(covered)[..16];
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int DataSync(SafeFileHandle file);

    private sealed record Slot(long Number, byte[] Metadata);
}
