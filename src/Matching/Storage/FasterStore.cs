using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using FASTER.core;

namespace Tracing.Matching.Storage;

/// <summary>
/// The engine's durable key-value store: one FASTER hybrid log on disk with byte keys and byte values.
/// A store its owner makes durable (a scan day, behind its owner's write-ahead log) is only checkpointed when the owner
/// says. Any other store logs each write in a write-ahead log of its own (see <c>FasterStore.OwnLog.cs</c>): writers
/// call <see cref="WaitForCommitAsync"/> before acknowledging and a group of them shares one commit of that log, while
/// checkpoints run in the background. On open, the store recovers the checkpoint it named last (and replays its log).
/// </summary>
public sealed partial class FasterStore : IAsyncDisposable
{
    private readonly FasterKV<SpanByte, SpanByte> _kv;
    private readonly IDevice _logDevice;
    private readonly RecordFunctions _functions = new();
    private readonly SessionVariableLengthStructSettings<SpanByte, SpanByte> _lengths;
    // Each core keeps a session in a slot of its own (a cache line apart from the others'), rented and returned without
    // touching the shared queue, whose ends every core's reads and writes would otherwise contend for, several times a
    // scan. Per core, not per thread: a thread that ends would take its session with it, and FASTER keeps every session
    // it opened until it is disposed. The queue holds the others: a queue, not a bag, as sessions are returned on other
    // threads than rented them (async continuations), and a bag then steals under a lock on most rents.
    private readonly Session?[] _coreSessions = new Session?[Environment.ProcessorCount * CoreSlotStride];
    private readonly ConcurrentQueue<Session> _sessions = new();
    private readonly StoreOptions _options;
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private readonly Lock[] _keyStripes = Enumerable.Range(0, 64).Select(_ => new Lock()).ToArray();
    private readonly CheckpointTokens _namedCheckpoints;
    private readonly VersionShift _versionShift = new();
    private DateTime _lastFullCheckpoint = DateTime.UtcNow;
    // The hash index checkpoint a log-only checkpoint builds on; none yet when null.
    private Guid? _indexCheckpoint;

    private const int SegmentSizeBits = 30;

    // References a 64-byte cache line apart.
    private const int CoreSlotStride = 8;

    private FasterStore(StoreOptions options)
    {
        PoolFloor.Raise();
        _options = options;
        _lengths = new() { valueLength = new AppendLength(options.MinimumAppendCapacity) };
        _namedCheckpoints = new CheckpointTokens(Path.Combine(options.Directory, "checkpoints"));
        System.IO.Directory.CreateDirectory(options.Directory);
        _logDevice = Devices.CreateLogDevice(Path.Combine(options.Directory, "hlog.log"), preallocateFile: false, recoverDevice: true);
        _kv = new FasterKV<SpanByte, SpanByte>(
            1L << options.IndexSizeBits,
            new LogSettings
            {
                LogDevice = _logDevice,
                PageSizeBits = options.PageSizeBits,
                MemorySizeBits = options.MemorySizeBits,
                SegmentSizeBits = SegmentSizeBits,
            },
            new CheckpointSettings
            {
                CheckpointDir = Path.Combine(options.Directory, "checkpoints"),
                // Outdated checkpoints are deleted by _namedCheckpoints, after it has named the new one.
                RemoveOutdated = false,
            },
            tryRecoverLatest: false);
        _kv.UnsafeRegisterCallback(_versionShift);
        (_indexCheckpoint, var replayFrom) = _namedCheckpoints.Recover(_kv);
        if (options.MadeDurableByOwner)
            return;
        _ownLog = OpenOwnLog(replayFrom);
        _ownCheckpoints = new PeriodicCheckpoints(() => CheckpointWithOwnLogAsync(indexToo: false), options.CheckpointInterval, options.Label, () => LogBytes);
    }

    /// <summary>Opens (or creates) the store in <see cref="StoreOptions.Directory"/>, recovering what was committed.</summary>
    public static FasterStore Open(StoreOptions options) => new(options);

    /// <summary>Reads a value; returns null when the key is absent.</summary>
    public byte[]? Read(ReadOnlySpan<byte> key)
    {
        var stored = ReadPooled(key);
        if (stored.Buffer is null)
            return null;
        var copy = stored.Span.ToArray();
        stored.Return();
        return copy;
    }

    /// <summary>
    /// Reads a value into a pooled buffer; the caller returns it with <see cref="StoredBytes.Return"/>. A read from disk
    /// that finds nothing while a compaction moved the log's start is read again: FASTER 2.6.5 answers "not found" when
    /// the record it waited for now lies before the start, without looking for the copy compaction made of it.
    /// </summary>
    internal StoredBytes ReadPooled(ReadOnlySpan<byte> key)
    {
        while (true)
        {
            var begin = _kv.Log.BeginAddress;
            var (found, output) = ReadPooledOnce(key);
            if (found || _kv.Log.BeginAddress == begin)
                return found ? output : default;
        }
    }

    private (bool Found, StoredBytes Output) ReadPooledOnce(ReadOnlySpan<byte> key)
    {
        var session = Rent();
        try
        {
            var input = default(SpanByte);
            var output = default(StoredBytes);
            var status = session.Client.Read(key, ref input, ref output);
            if (status.IsPending)
            {
                session.Client.CompletePendingWithOutputs(out var completed, wait: true);
                using (completed)
                {
                    if (completed.Next())
                    {
                        status = completed.Current.Status;
                        output = completed.Current.Output;
                    }
                }
            }
            return (status.Found, status.Found ? output : default);
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>Writes a value, replacing any previous one.</summary>
    public void Upsert(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Written();
        lock (StripeOf(key))
        {
            using var logged = LoggedWrite();
            UpsertAlone(key, value);
            logged.Log(LoggedOperation.Upsert, key, value);
        }
    }

    private void UpsertAlone(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var length = RecordFunctions.UsedPrefix + value.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var record = buffer.AsSpan(0, length);
        BinaryPrimitives.WriteInt32LittleEndian(record, value.Length);
        value.CopyTo(record[RecordFunctions.UsedPrefix..]);
        var session = Rent();
        try
        {
            session.Client.Upsert(key, record);
        }
        finally
        {
            Return(session);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Appends bytes to the value of a key (creating it when absent). Writes to one key go one at a time: with
    /// concurrent read-modify-writes of one key while a checkpoint ran, FASTER 2.6.5 once lost an append in our
    /// tests (1 of 200 concurrent appends, under the full suite's load), as concurrent writers of a snapshot-
    /// checkpointed day store once corrupted records; and the store's own log must hold a key's writes in the order
    /// they were made. A striped lock per key costs little.
    /// </summary>
    public void Append(ReadOnlySpan<byte> key, ReadOnlySpan<byte> item)
    {
        Written();
        lock (StripeOf(key))
        {
            using var logged = LoggedWrite();
            AppendAlone(key, item);
            logged.Log(LoggedOperation.Append, key, item);
        }
    }

    private Lock StripeOf(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return _keyStripes[(uint)hash.ToHashCode() % (uint)_keyStripes.Length];
    }

    private unsafe void AppendAlone(ReadOnlySpan<byte> key, ReadOnlySpan<byte> item)
    {
        var session = Rent();
        try
        {
            fixed (byte* itemPointer = item)
            {
                var input = SpanByte.FromFixedSpan(item);
                var status = session.Client.RMW(key, ref input);
                if (status.IsPending)
                    session.Client.CompletePending(wait: true);
            }
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>Deletes a key; absent keys are ignored.</summary>
    public void Delete(ReadOnlySpan<byte> key)
    {
        Written();
        lock (StripeOf(key))
        {
            using var logged = LoggedWrite();
            DeleteAlone(key);
            logged.Log(LoggedOperation.Delete, key, []);
        }
    }

    private void DeleteAlone(ReadOnlySpan<byte> key)
    {
        var session = Rent();
        try
        {
            var status = session.Client.Delete(key);
            if (status.IsPending)
                session.Client.CompletePending(wait: true);
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>Completes once every write made before the call is durable on disk (its own log's commit).</summary>
    public Task WaitForCommitAsync(CancellationToken cancellationToken = default)
        => OwnLog.WaitForCommitAsync(cancellationToken);

    /// <summary>
    /// Takes a full checkpoint (index and log) now, so the next start recovers quickly; a store with a log of its own
    /// then drops the log before it.
    /// </summary>
    public Task CheckpointAsync() => _ownLog is null ? CheckpointFullAsync() : CheckpointWithOwnLogAsync(indexToo: true);

    private async Task CheckpointFullAsync()
    {
        await CheckpointIndexIfDueAsync(force: true).ConfigureAwait(false);
        await TakeLogCheckpointAsync(shifted: null, replayFrom: 0).ConfigureAwait(false);
    }

    /// <summary>
    /// Checkpoints the hash index when its last checkpoint is older than <see cref="StoreOptions.FullCheckpointInterval"/>,
    /// or there is none, or when <paramref name="force"/>d. Writers go on meanwhile: an index checkpoint is fuzzy, and
    /// the log checkpoint taken after it, named with it, makes it whole on recovery. It writes the whole index (tens of
    /// megabytes), so it is taken apart from the log checkpoint that holds writers off.
    /// </summary>
    public async Task CheckpointIndexIfDueAsync(bool force = false)
    {
        if (!force && _indexCheckpoint is not null && !FullCheckpointDue)
            return;
        await UnderCheckpointGateAsync(shifted: null, async () =>
        {
            (bool Success, Guid Token) index;
            while (!(index = await _kv.TakeIndexCheckpointAsync().ConfigureAwait(false)).Success)
                await Task.Delay(1).ConfigureAwait(false);
            _indexCheckpoint = index.Token;
            _lastFullCheckpoint = DateTime.UtcNow;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a checkpoint of what the log gained since the last one (a fold-over: it is written to the log file and the
    /// log goes on behind it), named with the latest index checkpoint (<see cref="CheckpointIndexIfDueAsync"/>, taken
    /// first), and returns once FASTER has moved to the next version. The caller holds its writers off until then: the
    /// checkpoint holds every write made before the call and none made after it returns. Returns the checkpoint, to await
    /// with the writers going on. <paramref name="replayFrom"/>: for a store with a log of its own, its first entry the
    /// checkpoint does not hold.
    /// </summary>
    internal Task StartLogCheckpoint(long replayFrom = 0)
    {
        var shifted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checkpoint = TakeLogCheckpointAsync(shifted, replayFrom);
        WaitForVersionShift(shifted.Task, checkpoint);
        return checkpoint;
    }

    private bool FullCheckpointDue => DateTime.UtcNow - _lastFullCheckpoint > _options.FullCheckpointInterval;

    /// <summary>
    /// A hybrid-log checkpoint (fold-over) of everything written so far, named with the index checkpoint it builds on
    /// (before another checkpoint can start).
    /// </summary>
    private Task TakeLogCheckpointAsync(TaskCompletionSource? shifted, long replayFrom) => UnderCheckpointGateAsync(shifted, async () =>
    {
        var index = _indexCheckpoint ?? throw new InvalidOperationException("The hash index is checkpointed before the log (CheckpointIndexIfDueAsync).");
        // A checkpoint cannot start while another state machine (e.g. index growth) runs: retry.
        (bool Success, Guid Token) checkpoint;
        while (!(checkpoint = await _kv.TakeHybridLogCheckpointAsync(CheckpointType.FoldOver).ConfigureAwait(false)).Success)
            await Task.Delay(1).ConfigureAwait(false);
        await NameAsync(index, checkpoint.Token, replayFrom).ConfigureAwait(false);
    });

    /// <summary>
    /// Names a completed checkpoint as the one a restart recovers. With a log of its own, the entries before
    /// <paramref name="replayFrom"/> are committed first: a restart replays that log from there, and new entries must not
    /// land before it.
    /// </summary>
    private async Task NameAsync(Guid index, Guid log, long replayFrom)
    {
        if (_ownLog is not null)
            await _ownLog.Log.CommitAsync().ConfigureAwait(false);
        _namedCheckpoints.Completed(index, log, replayFrom);
    }

    /// <summary>
    /// Waits until the checkpoint under way has moved FASTER to its next version (or has ended), refreshing a session of
    /// its own meanwhile. FASTER's state machine moves on when a thread of the store refreshes its epoch; left to the
    /// checkpoint's own continuations it waits for the thread pool, which under load serves them last, and the writers
    /// held off for the shift waited 0.1-1.5 s (e2e runs).
    /// </summary>
    private void WaitForVersionShift(Task shifted, Task checkpoint)
    {
        var session = Rent();
        try
        {
            // A shift usually takes a tenth of a millisecond: spin for the first millisecond, then refresh once each.
            var spin = new SpinWait();
            var waiting = System.Diagnostics.Stopwatch.StartNew();
            while (!shifted.IsCompleted && !checkpoint.IsCompleted)
            {
                session.Client.Refresh();
                if (waiting.Elapsed < TimeSpan.FromMilliseconds(1))
                    spin.SpinOnce(sleep1Threshold: -1);
                else
                    Thread.Sleep(1);
            }
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>
    /// Runs one checkpoint at a time; <paramref name="shifted"/>, when given, completes at its version shift (see
    /// <see cref="VersionShift"/>), and at the latest when it ends, whatever its outcome.
    /// </summary>
    private async Task UnderCheckpointGateAsync(TaskCompletionSource? shifted, Func<Task> checkpoint)
    {
        await _checkpointGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (shifted is not null)
                _versionShift.NotifyOnShift(shifted);
            await checkpoint().ConfigureAwait(false);
        }
        finally
        {
            shifted?.TrySetResult();
            _checkpointGate.Release();
        }
    }

    /// <summary>Commits what was written, checkpoints and closes the files.</summary>
    public ValueTask DisposeAsync() => CloseAsync(checkpoint: true);

    /// <summary>
    /// Closes the files, with a last checkpoint or without one (when the owner just took one, or is about to
    /// delete the store).
    /// </summary>
    public async ValueTask CloseAsync(bool checkpoint)
    {
        if (_ownLog is not null)
            await StopOwnLogAsync().ConfigureAwait(false);
        try
        {
            if (checkpoint)
                await CheckpointAsync().ConfigureAwait(false);
        }
        finally
        {
            while (_sessions.TryDequeue(out var session))
                session.Client.Dispose();
            foreach (var session in _coreSessions)
                session?.Client.Dispose();
            _kv.Dispose();
            _logDevice.Dispose();
            _ownLog?.Dispose();
        }
    }

    // A store its owner makes durable (a scan day) is marked written by the owner's log; any other store is acknowledged
    // through its own log's commit, so a tracked call that writes it waits for that.
    private void Written()
    {
        if (_ownLog is not null)
            WriteTracking.Mark(WrittenStores.General);
    }

    private Session Rent()
    {
        if (Interlocked.Exchange(ref CoreSlot(), null) is { } kept)
            return kept;
        return _sessions.TryDequeue(out var session)
            ? session
            : new Session(_kv.For(_functions).NewSession<RecordFunctions>(sessionVariableLengthStructSettings: _lengths));
    }

    private void Return(Session session)
    {
        if (Interlocked.CompareExchange(ref CoreSlot(), session, null) is not null)
            _sessions.Enqueue(session);
    }

    // The processor's number may exceed the process's count of cores (a container's share of a larger machine).
    private ref Session? CoreSlot() => ref _coreSessions[(int)((uint)Thread.GetCurrentProcessorId() % (uint)Environment.ProcessorCount) * CoreSlotStride];

    /// <summary>A pooled FASTER client session (sessions are single-threaded).</summary>
    private sealed class Session(ClientSession<SpanByte, SpanByte, SpanByte, StoredBytes, Empty, RecordFunctions> client)
    {
        public ClientSession<SpanByte, SpanByte, SpanByte, StoredBytes, Empty, RecordFunctions> Client { get; } = client;
    }
}
