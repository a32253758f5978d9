using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using FASTER.core;
using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// The observation store. A batch of sightings is one entry in a write-ahead log (a FASTER log, group
/// committed every few milliseconds: that commit is what an acknowledgement waits for); the applier then adds
/// the sightings of runs of entries to the day stores (<see cref="DayPartition"/>), one in-place append per bucket
/// and run (<see cref="SightingRun"/>). Day stores are checkpointed now and then, after which the log before that
/// point is dropped; after a crash the log is replayed from there, and the per-bucket log address makes the replay
/// idempotent.
/// </summary>
internal sealed partial class ObservationStore : IAsyncDisposable
{
    private readonly string _directory;
    private readonly ObservationOptions _options;
    private readonly FasterStore _ledger;
    private readonly WriteAheadLog _log;
    private readonly ConcurrentDictionary<long, DayPartition> _days = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _applier;
    private readonly PeriodicCheckpoints _checkpoints;
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    // Held by the applier while it applies a run and by a checkpoint while it snapshots one day: a day store updated
    // while its checkpoint runs would copy every updated bucket to a new record (FASTER keeps the checkpointed version).
    private readonly SemaphoreSlim _applyGate = new(1, 1);
    private readonly object _appliedGate = new();
    // Readers hold the read side while they use day stores; dropping a day takes the write side.
    private readonly ReaderWriterLockSlim _dayLock = new(LockRecursionPolicy.SupportsRecursion);
    private long _appliedUntil;
    // Where a restart would begin replaying the log: everything before it is in the day stores' checkpoints.
    private long _checkpointedUntil;
    // Where the checkpoint under way (or else the last one) begins: the log's length is counted from here.
    private long _checkpointFrom;
    private long _firstKeptDay = long.MinValue;
    private Exception? _applierFailure;

    /// <param name="ledger">Where batch ids are remembered, so a repeated batch is applied once.</param>
    /// <param name="label">What its metrics are labelled with (the partition's number).</param>
    public ObservationStore(string directory, ObservationOptions options, FasterStore ledger, Telemetry.StoreLabel? label = null)
    {
        _directory = directory;
        _options = options;
        _ledger = ledger;
        Directory.CreateDirectory(directory);
        _log = new WriteAheadLog(directory, options.WalMemorySizeBits, options.PageSizeBits, options.CommitInterval);
        var opening = Stopwatch.StartNew();
        DayFolders.OpenAll(directory, long.MinValue, (folder, day) => new DayPartition(folder, day, _options), _days);
        DaysOpenTime = opening.Elapsed;
        var replayFrom = _log.ReplayFrom;
        _appliedUntil = replayFrom;
        _checkpointedUntil = replayFrom;
        _checkpointFrom = replayFrom;
        var replayUntil = Wal.CommittedUntilAddress;
        ReplayBytes = Math.Max(0, replayUntil - replayFrom);
        _applier = Internal.BlockingWork.Run(() => Apply(replayFrom));
        _checkpoints = new PeriodicCheckpoints(CheckpointAsync, options.CheckpointInterval, label ?? new("observations"), () => LogBytes, () => UnappliedBytes);
        // Serve at once: the log since the checkpoints is applied again in the background, and lookups meanwhile read
        // it from the log (as they read any acknowledged entry the applier has not reached), so a restart does not wait
        // for the replay. Uploads wait for room meanwhile when it is longer than the backlog limit.
        Replayed = BlockingWork.Run(() => CatchUpAfterRestart(replayUntil));
    }

    /// <summary>How long the day stores took to recover from their checkpoints when the store was opened.</summary>
    public TimeSpan DaysOpenTime { get; }

    /// <summary>Bytes of log written after the day stores' checkpoints, applied again in the background after opening.</summary>
    public long ReplayBytes { get; }

    /// <summary>Completes with how long applying that log again took (while serving).</summary>
    public Task<TimeSpan> Replayed { get; }

    /// <summary>The sizing and limits it was opened with.</summary>
    public ObservationOptions Options => _options;

    /// <summary>Bytes of the day stores' logs and filters (what the sightings take, for measurements).</summary>
    public long LogBytes => _days.Values.Sum(d => d.LogBytes + d.Filter.Bytes);

    /// <summary>
    /// Logs a batch of sightings; returns its log address. It is durable once <see cref="WaitForCommitAsync"/>
    /// completes, and visible to lookups once applied (<see cref="CatchUp"/>).
    /// </summary>
    /// <param name="batchKey">Identifies the batch for idempotence (empty: none).</param>
    public long Append(ReadOnlySpan<byte> batchKey, ReadOnlySpan<LoggedSighting> sightings)
    {
        var length = sizeof(int) + batchKey.Length + sightings.Length * LoggedSighting.Size;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var entry = buffer.AsSpan(0, length);
            BinaryPrimitives.WriteInt32LittleEndian(entry, batchKey.Length);
            batchKey.CopyTo(entry[sizeof(int)..]);
            MemoryMarshal.AsBytes(sightings).CopyTo(entry[(sizeof(int) + batchKey.Length)..]);
            var address = Wal.Enqueue(entry);
            Telemetry.IngestMetrics.Logged(sightings.Length);
            // The applier reads committed entries only: a commit starts now, not when the writer's call ends and waits
            // (an upload stream of many batches would otherwise leave them unapplied until then, and the applier would
            // work in bursts).
            _log.CommitSoon();
            // Under a sustained load, checkpoint by the log's length too, not only by time: it bounds a restart's replay.
            CheckpointIfLogLong();
            return address;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Completes once everything logged before the call is durable.</summary>
    public Task WaitForCommitAsync(CancellationToken cancellationToken = default) => _log.WaitForCommitAsync(cancellationToken);

    /// <summary>Blocks until everything logged so far is committed and applied, so lookups see every sighting.</summary>
    public void CatchUp()
    {
        var target = Wal.TailAddress;
        if (Wal.CommittedUntilAddress < target)
            Wal.Commit(spinWait: true);
        WaitUntilApplied(target);
    }

    /// <summary>Blocks until the applier has passed <paramref name="target"/>, or the store is stopping; throws if the applier failed.</summary>
    private void WaitUntilApplied(long target)
    {
        lock (_appliedGate)
        {
            while (_appliedUntil < target && _applierFailure is null && !_stop.IsCancellationRequested)
                Monitor.Wait(_appliedGate, TimeSpan.FromMilliseconds(50));
            if (_applierFailure is not null)
                throw ApplierStopped();
        }
    }

    /// <summary>What callers get once the applier failed (it stops at the entry it could not apply).</summary>
    private IOException ApplierStopped() => new("The observation store stopped applying its log.", _applierFailure);

    /// <summary>A reader for one match, on one thread (see <see cref="ObservationReader"/>).</summary>
    public ObservationReader OpenReader()
    {
        _dayLock.EnterReadLock();
        return new ObservationReader(this);
    }

    /// <summary>Called by a disposed <see cref="ObservationReader"/>, on the thread that opened it.</summary>
    internal void ReaderClosed() => _dayLock.ExitReadLock();

    internal DayPartition? DayOrNull(long day) => _days.TryGetValue(day, out var partition) ? partition : null;

    /// <summary>Drops every day before <paramref name="firstKeptDay"/>: its store is closed and its folder deleted.</summary>
    public async Task DropDaysBeforeAsync(long firstKeptDay)
    {
        // From now on the applier ignores sightings of dropped days, even ones logged before this call.
        lock (_appliedGate)
            _firstKeptDay = Math.Max(_firstKeptDay, firstKeptDay);
        CatchUp();
        await _checkpointGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _dayLock.EnterWriteLock();
            try
            {
                foreach (var (day, partition) in _days)
                {
                    if (day >= firstKeptDay || !_days.TryRemove(day, out _))
                        continue;
                    partition.Dispose();
                    DayFolders.Delete(_directory, partition.Directory, day);
                }
            }
            finally
            {
                _dayLock.ExitWriteLock();
            }
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    /// <summary>The days held, oldest first.</summary>
    public long[] StoredDays() => _days.Keys.Order().ToArray();

    /// <summary>
    /// Checkpoints every day written since its last checkpoint, one day at a time, then drops the log before the point
    /// where it began. The applier waits only while one day is snapshotted and applies a run between two days: held
    /// for every day at once, it stopped for up to 1.3 s (14 days of 27 MB each, written at the disk's pace), the
    /// acknowledgements of uploads stopped once the backlog was full, and a case meanwhile read that whole backlog
    /// from the log. The days' checkpoints then hold the log up to different points, all at or after where it began:
    /// a replay from there adds nothing twice (each bucket skips the entries it holds).
    /// </summary>
    public async Task CheckpointAsync()
    {
        await _checkpointGate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Every entry before this address is applied: each day's checkpoint below holds it.
            long from;
            lock (_appliedGate)
                from = _appliedUntil;
            Volatile.Write(ref _checkpointFrom, from);
            try
            {
                var first = true;
                foreach (var partition in _days.Values)
                {
                    // Not dirty now means every entry applied so far is in its checkpoint, all the more those before the start.
                    if (!partition.Dirty)
                        continue;
                    if (!first)
                        await ApplierTurnAsync().ConfigureAwait(false);
                    await CheckpointDayAsync(partition).ConfigureAwait(false);
                    first = false;
                }
                // The batch ids remembered by the applier must be durable before their log entries are dropped.
                await _ledger.WaitForCommitAsync().ConfigureAwait(false);
                DropLogBefore(from);
            }
            catch
            {
                Volatile.Write(ref _checkpointFrom, Volatile.Read(ref _checkpointedUntil));
                throw;
            }
            Volatile.Write(ref _checkpointedUntil, from);
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    /// <summary>Checkpoints one day, the applier held off meanwhile.</summary>
    private async Task CheckpointDayAsync(DayPartition partition)
    {
        await _applyGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await partition.CheckpointAsync().ConfigureAwait(false);
        }
        finally
        {
            _applyGate.Release();
        }
    }

    /// <summary>
    /// Lets the applier apply a run, if it has one waiting, between two days' checkpoints: released, the gate went
    /// straight back to the next day's wait, before the applier's thread woke up. A run takes 50–100 ms under a full
    /// load; the wait ends after 500 ms whatever happens.
    /// </summary>
    private async Task ApplierTurnAsync()
        => await NextRunAppliedAsync().WaitAsync(TimeSpan.FromMilliseconds(500)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _log.StopGroupCommitAsync().ConfigureAwait(false);
            CatchUp();
            await _stop.CancelAsync().ConfigureAwait(false);
            await _applier.ConfigureAwait(false);
            await _checkpoints.DisposeAsync().ConfigureAwait(false);
            await CheckpointAsync().ConfigureAwait(false);
            await Wal.CommitAsync().ConfigureAwait(false);
        }
        finally
        {
            foreach (var partition in _days.Values)
                partition.Dispose();
            _log.Dispose();
            _stop.Dispose();
            _dayLock.Dispose();
            _applyGate.Dispose();
            _logHead.Dispose();
        }
    }

    /// <summary>
    /// Waits for the replay of the log found on opening; a long replay is checkpointed at once, so that a crash soon
    /// after this restart does not replay it all again.
    /// </summary>
    private TimeSpan CatchUpAfterRestart(long replayUntil)
    {
        var started = Stopwatch.StartNew();
        WaitUntilApplied(replayUntil);
        if (_stop.IsCancellationRequested)
            return started.Elapsed;
        if (ReplayBytes > _options.MaxUnappliedBytes)
            _checkpoints.RequestSoon();
        CheckpointIfLogLong();
        return started.Elapsed;
    }

    /// <summary>Asks for a checkpoint now when the log applied since the last one is longer than the options allow.</summary>
    private void CheckpointIfLogLong()
    {
        // Counted from where the checkpoint under way began: a request while it runs would start another right after.
        if (_options.CheckpointLogBytes > 0 && Volatile.Read(ref _appliedUntil) - Volatile.Read(ref _checkpointFrom) > _options.CheckpointLogBytes)
            _checkpoints.RequestSoon();
    }

    /// <summary>The last periodic checkpoint's failure, if it failed (the next period tries again).</summary>
    public Exception? LastCheckpointFailure => _checkpoints.LastFailure;

    private FasterLog Wal => _log.Log;
}
