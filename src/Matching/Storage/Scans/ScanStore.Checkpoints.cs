using System.Globalization;
using System.Runtime.InteropServices;
using FASTER.core;
using Tracing.Matching.Internal;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Scans;

internal sealed partial class ScanStore
{
    private const string FirstKeptDayFile = "first-kept-day";
    private readonly Lock _checkpointGate = new();

    /// <summary>The last periodic checkpoint's failure, if it failed (the next period tries again).</summary>
    public Exception? LastCheckpointFailure => _checkpoints.LastFailure;

    /// <summary>
    /// Checkpoints every day written since its last checkpoint, then drops the log before that point; then compacts the
    /// settled days that need it (<see cref="ScanDay.CompactIfWasteful"/>).
    /// </summary>
    public Task CheckpointAsync() => BlockingWork.Run(() => Checkpoint(compactSettledDays: true));

    /// <summary>Deletes every day before <paramref name="firstKeptDay"/>: its store is closed and its folder deleted.</summary>
    public Task DropDaysBeforeAsync(long firstKeptDay)
        => BlockingWork.Run(() => DropDaysBefore(firstKeptDay));

    public async ValueTask DisposeAsync()
    {
        await _checkpoints.DisposeAsync().ConfigureAwait(false);
        await _log.StopGroupCommitAsync().ConfigureAwait(false);
        try
        {
            await BlockingWork.Run(() => Checkpoint(compactSettledDays: false)).ConfigureAwait(false);
            await _log.Log.CommitAsync().ConfigureAwait(false);
        }
        finally
        {
            // Under the checkpoint lock: a checkpoint (and compaction) asked for meanwhile finds the days closed or open, never closing.
            lock (_checkpointGate)
            {
                foreach (var day in _days.Values)
                    day.Close();
            }
            _log.Dispose();
        }
    }

    private void Checkpoint(bool compactSettledDays)
    {
        lock (_checkpointGate)
        {
            // Every entry before this address was written to its day before it was logged, and that day exists now:
            // once the days are checkpointed, those entries are redundant.
            var replayFrom = _log.Log.TailAddress;
            var days = _days.Values.ToArray();
            foreach (var day in days)
                day.CheckpointIfWritten();
            _log.DropBefore(replayFrom);
            if (!compactSettledDays || days.Length == 0)
                return;
            // Settled: older than the newest day with scans and the one before it (scans of those still come in as
            // they happen; older ones only from phones that were offline).
            var newest = days.Max(d => d.Number);
            foreach (var day in days.Where(d => d.Number < newest - 1).OrderBy(d => d.Number))
                day.CompactIfWasteful();
        }
    }

    private void DropDaysBefore(long firstKeptDay)
    {
        lock (_checkpointGate)
        {
            // Written first: log entries of dropped days are not replayed after a crash.
            lock (_dayCreation)
            {
                _firstKeptDay = Math.Max(_firstKeptDay, firstKeptDay);
                WriteNumber(FirstKeptDayFile, _firstKeptDay);
            }
            foreach (var (number, day) in _days)
            {
                if (number >= _firstKeptDay || !_days.TryRemove(number, out _))
                    continue;
                day.Close();
                DayFolders.Delete(_directory, day.Directory, number);
            }
        }
    }

    /// <summary>Writes again what the log holds after the last checkpoint, except scans whose receipts are there.</summary>
    private void Replay(long from)
    {
        using var entries = _log.Log.Scan(from, _log.Log.TailAddress);
        while (entries.GetNext(out byte[] entry, out var length, out _))
        {
            var scan = MemoryMarshal.Read<ScanEvent>(entry);
            var key = entry.AsSpan(ScanEvent.Size, length - ScanEvent.Size);
            var day = Days.Of(scan.At);
            if (Day(day) is { } store && ItineraryOf(store, key, scan.Person).Earlier is null)
                Apply(store, key, scan);
        }
    }

    private long? ReadNumber(string file)
    {
        var path = Path.Combine(_directory, file);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    private void WriteNumber(string file, long number)
        => AtomicFile.WriteText(Path.Combine(_directory, file), number.ToString(CultureInfo.InvariantCulture));
}
