using FASTER.core;

namespace Tracing.Matching.Storage;

public sealed partial class FasterStore
{
    /// <summary>A record written after compaction, longer than a disk sector (see <see cref="RemoveDeadBytesAsync()"/>).</summary>
    private const string CompactionPadding = "compaction-padding";
    private const int PaddingBytes = 4096;

    /// <summary>Bytes of log between its begin address and its tail: live records, and dead ones not yet removed.</summary>
    internal long LogBytes => _kv.Log.TailAddress - _kv.Log.BeginAddress;

    /// <summary>
    /// Removes from disk every byte of what is no longer live: records deleted (tombstones, and what they deleted) and
    /// older versions of records rewritten since. FASTER only appends, so a deletion alone leaves the deleted record in
    /// the log file; this is what makes retention real. Steps:
    /// <list type="number">
    /// <item>the whole log is made read-only (flushed), and FASTER's lookup compaction copies each live record of it to
    /// the tail and moves the log's begin address past it all (writers go on meanwhile);</item>
    /// <item>a padding record (longer than a disk sector) is written after the copies, then a full checkpoint: it
    /// records the new begin address and flushes the log past the sector holding it, so FASTER never writes that sector
    /// again from its memory;</item>
    /// <item>the log's segment files wholly before the begin address are deleted, and the part of the segment file
    /// before it is discarded (<see cref="DiscardedBytes"/>; a segment is 1 GiB: a small store's whole log is one file).</item>
    /// </list>
    /// A crash midway recovers the previous checkpoint, whose records are all still in place (only what no checkpoint
    /// needs is removed, and only after the new checkpoint is complete). It rewrites every live record: run it when
    /// retention deleted something, not on every commit.
    /// </summary>
    /// <returns>Bytes of log removed from disk (deleted or overwritten with zeros).</returns>
    public Task<long> RemoveDeadBytesAsync() => RemoveDeadBytesAsync(CheckpointAsync);

    /// <summary>
    /// <see cref="RemoveDeadBytesAsync()"/> with the owner's own full checkpoint (its index too: the one before the
    /// compaction would recover from a log address that is gone), for a store whose owner decides what a checkpoint
    /// may hold.
    /// </summary>
    internal async Task<long> RemoveDeadBytesAsync(Func<Task> checkpoint)
    {
        var begin = _kv.Log.BeginAddress;
        var until = await Task.Run(() =>
        {
            _kv.Log.ShiftReadOnlyAddress(_kv.Log.TailAddress, wait: true);
            var readOnly = _kv.Log.SafeReadOnlyAddress;
            if (readOnly <= _kv.Log.BeginAddress)
                return _kv.Log.BeginAddress;
            var session = Rent();
            try
            {
                return session.Client.Compact(readOnly, CompactionType.Lookup);
            }
            finally
            {
                Return(session);
            }
        }).ConfigureAwait(false);
        if (until <= begin)
            return 0;
        Upsert(StoreKeys.ForCounter(CompactionPadding), new byte[PaddingBytes]);
        await checkpoint().ConfigureAwait(false);
        await Task.Run(() =>
        {
            _logDevice.TruncateUntilAddress(until);
            ZeroBefore(until);
        }).ConfigureAwait(false);
        return until - begin;
    }

    /// <summary>Discards the part of the log's last remaining segment file that lies before <paramref name="address"/>.</summary>
    private void ZeroBefore(long address)
        => DiscardedBytes.Discard(Path.Combine(_options.Directory, $"hlog.log.{address >> SegmentSizeBits}"), 0, address & ((1L << SegmentSizeBits) - 1));
}
