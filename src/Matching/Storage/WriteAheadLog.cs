using System.Globalization;
using FASTER.core;
using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage;

/// <summary>
/// A FASTER log in front of a store's day stores: writes are appended as entries and group committed (what an
/// acknowledgement waits for); once the day stores are checkpointed, the entries before that point are dropped
/// and the point is kept in a <c>replay-from</c> file, where a restart begins replaying. Dropped entries leave the disk
/// then, not only when their 1 GiB segment file is deleted: retention deletes a day's folder, and the log must not keep
/// that day's scans or sightings behind it.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    private const string ReplayFromFile = "replay-from";
    private const int SegmentSizeBits = 30;
    private readonly string _directory;
    // Where the log's segment files before it were last discarded up to (see DropBefore).
    private long _discardedUntil;
    private readonly IDevice _device;
    private readonly CommitSlots _commits;
    private readonly GroupCommit _commit;

    /// <param name="directory">The store's folder: the log goes in its <c>wal</c> folder, the replay point beside it.</param>
    public WriteAheadLog(string directory, int memorySizeBits, int pageSizeBits, TimeSpan commitInterval)
    {
        _directory = directory;
        _device = Devices.CreateLogDevice(Path.Combine(directory, "wal", "log"), preallocateFile: false, recoverDevice: true);
        _commits = new CommitSlots(Path.Combine(directory, "wal", "commits"));
        Log = new FasterLog(new FasterLogSettings
        {
            LogDevice = _device,
            LogCommitManager = _commits,
            MemorySizeBits = memorySizeBits,
            PageSizeBits = Math.Min(pageSizeBits, memorySizeBits - 2),
            SegmentSizeBits = SegmentSizeBits,
        });
        _commit = new GroupCommit(CommitAsync, commitInterval);
        _discardedUntil = Log.BeginAddress;
    }

    /// <summary>The log (recovered up to its last commit when opened).</summary>
    public FasterLog Log { get; }

    /// <summary>Where a replay starts: the first entry no checkpoint holds.</summary>
    public long ReplayFrom
    {
        get
        {
            var path = Path.Combine(_directory, ReplayFromFile);
            var saved = File.Exists(path) && long.TryParse(File.ReadAllText(path), NumberStyles.None, CultureInfo.InvariantCulture, out var address) ? address : 0;
            return Math.Max(Log.BeginAddress, saved);
        }
    }

    // A log commit, failed as soon as its record could not be written (FASTER would leave it waiting).
    private async Task CommitAsync()
    {
        var committed = Log.CommitAsync().AsTask();
        await Task.WhenAny(committed, _commits.Failed).ConfigureAwait(false);
        if (_commits.Failed.IsFaulted)
            await _commits.Failed.ConfigureAwait(false);
        await committed.ConfigureAwait(false);
    }

    /// <summary>Completes once everything appended before the call is durable.</summary>
    public Task WaitForCommitAsync(CancellationToken cancellationToken = default) => _commit.WaitAsync(cancellationToken);

    /// <summary>Starts a group commit soon, waiting for nothing.</summary>
    public void CommitSoon() => _commit.Soon();

    /// <summary>Drops the entries before <paramref name="address"/>, which a checkpoint now holds.</summary>
    public void DropBefore(long address)
    {
        AtomicFile.WriteText(Path.Combine(_directory, ReplayFromFile), address.ToString(CultureInfo.InvariantCulture));
        Log.TruncateUntil(address);
        // Segment files wholly before the address are deleted by FASTER at the next commit; the dropped part of the one
        // holding it is discarded here, up to the last whole disk sector already flushed: FASTER writes the sector where
        // its flushes left off again from memory, so that sector (the last few entries) goes at the next drop.
        var sectorMask = (long)_device.SectorSize - 1;
        var until = Math.Min(address, Log.FlushedUntilAddress) & ~sectorMask;
        var from = Math.Max(_discardedUntil, (until >> SegmentSizeBits) << SegmentSizeBits);
        if (until <= from)
            return;
        DiscardedBytes.Discard(Path.Combine(_directory, "wal", $"log.{until >> SegmentSizeBits}"), from & ((1L << SegmentSizeBits) - 1), until - from);
        _discardedUntil = until;
    }

    /// <summary>Runs a last group commit and stops committing (the log stays open).</summary>
    public ValueTask StopGroupCommitAsync() => _commit.DisposeAsync();

    public void Dispose()
    {
        Log.Dispose();
        _commits.Dispose();
        _device.Dispose();
    }
}
