namespace Tracing.Matching.Storage.Scans;

/// <summary>
/// One UTC day of scans: a FASTER store in its own folder, so retention deletes the folder. Writers (one at a time,
/// <see cref="Writer"/>) and readers hold the shared side of the day's gate; a drop holds it alone, and so does a
/// checkpoint until FASTER has moved to the next version, so that a checkpoint never holds a scan half written.
/// </summary>
internal sealed class ScanDay
{
    /// <summary>The day's live log bytes after its last compaction (absent: never compacted).</summary>
    private const string CompactedFile = "compacted";

    /// <summary>Written in a day's folder before its store: its itineraries hold the receipts (<see cref="ItineraryEntry"/>).</summary>
    private const string ReceiptsInItinerariesFile = "receipts-in-itineraries";
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly int _busyPassesBeforeCompaction;
    private long _writesSinceCheckpoint;
    private int _writtenSincePass;
    private int _busyPasses;
    private long _liveAfterCompaction;
    private bool _closed;

    public ScanDay(string directory, long day, ScanOptions options)
    {
        Directory = directory;
        Number = day;
        _busyPassesBeforeCompaction = options.BusyPassesBeforeCompaction;
        var marker = Path.Combine(directory, ReceiptsInItinerariesFile);
        if (!System.IO.Directory.Exists(directory) || !System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
        {
            System.IO.Directory.CreateDirectory(directory);
            Internal.AtomicFile.WriteText(marker, "1");
        }
        HoldsReceiptRecords = !File.Exists(marker);
        Store = FasterStore.Open(options.DayStore(directory, HoldsReceiptRecords));
        var compacted = Path.Combine(directory, CompactedFile);
        if (File.Exists(compacted) && long.TryParse(File.ReadAllText(compacted), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var live))
            _liveAfterCompaction = live;
    }

    /// <summary>
    /// Held by the one writer of the day at a time. Writers of a day go one by one, as the observation applier
    /// does: with concurrent read-modify-writes, a snapshot of a FASTER 2.6.5 store sometimes held malformed
    /// records (an access violation in its snapshot flush, and again when recovering from the snapshot); with one
    /// writer at a time it did not, in the same load. A scan is two short in-memory writes, so a day still takes
    /// hundreds of thousands of scans a second.
    /// </summary>
    public Lock Writer { get; } = new();

    /// <summary>
    /// True for a day written before itineraries held receipts (version 14 and earlier): its receipts are records of
    /// their own, still read, and its hash index was sized for them.
    /// </summary>
    public bool HoldsReceiptRecords { get; }

    /// <summary>The day's folder.</summary>
    public string Directory { get; }

    /// <summary>The UTC day number.</summary>
    public long Number { get; }

    /// <summary>The day's venue buckets and itineraries (with their receipts): use between <see cref="Enter"/> and <see cref="Exit"/>.</summary>
    public FasterStore Store { get; }

    /// <summary>Enters the shared side of the gate; false (and not entered) when the day was dropped meanwhile.</summary>
    public bool Enter()
    {
        _gate.EnterReadLock();
        if (!_closed)
            return true;
        _gate.ExitReadLock();
        return false;
    }

    public void Exit() => _gate.ExitReadLock();

    /// <summary>Counts a write, made inside the gate.</summary>
    public void Written()
    {
        Interlocked.Increment(ref _writesSinceCheckpoint);
        Volatile.Write(ref _writtenSincePass, 1);
    }

    /// <summary>
    /// Checkpoints the day (what its log gained, now and then its index) if it was written since the last time. The
    /// day's writers are held off until FASTER has moved to the next version, so the checkpoint holds whole scans
    /// only; they go on while the log is flushed.
    /// </summary>
    public void CheckpointIfWritten() => Checkpoint(force: false);

    /// <summary>
    /// Checkpoints the day: when <paramref name="force"/>d, its index too and even if it was not written since. The
    /// index first, with the writers going on (it writes the whole hash index); then the log, its writers held off until
    /// FASTER has moved to the next version.
    /// </summary>
    private void Checkpoint(bool force)
    {
        Task checkpoint;
        if (NothingToCheckpoint(force))
            return;
        Store.CheckpointIndexIfDueAsync(force).GetAwaiter().GetResult();
        _gate.EnterWriteLock();
        try
        {
            if (NothingToCheckpoint(force))
                return;
            Volatile.Write(ref _writesSinceCheckpoint, 0);
            checkpoint = Store.StartLogCheckpoint();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
        try
        {
            checkpoint.GetAwaiter().GetResult();
        }
        catch
        {
            // Its writes are not saved: the next checkpoint tries again.
            Interlocked.Increment(ref _writesSinceCheckpoint);
            throw;
        }
    }

    /// <summary>
    /// Whether a checkpoint has nothing to do: the day is closed, or (unless <paramref name="force"/>d) not written since
    /// the last one. A forced checkpoint is one a compaction needs before it discards the log before its copies: on a
    /// closed day it fails, so that nothing is discarded.
    /// </summary>
    private bool NothingToCheckpoint(bool force)
    {
        if (force && _closed)
            throw new InvalidOperationException($"Scan day {Number} was closed during its compaction; nothing was discarded.");
        return _closed || (!force && Volatile.Read(ref _writesSinceCheckpoint) == 0);
    }

    /// <summary>
    /// Removes the day's dead bytes from memory and disk once the day has settled (its owner calls this for days no
    /// longer written as they happen): the older copies of its venue buckets and itineraries, left in the log each time
    /// an append outgrew its record or found it already checkpointed (read-only). They were 37 % of a day's log in the
    /// 100 M engine run. Compacts the first time, then again whenever the log has grown by half since (late scans of the
    /// day); only a day quiet since the last pass (every 30 s), so that a compaction does not compete with a burst of
    /// late scans for the cores, or one still busy after <see cref="ScanOptions.BusyPassesBeforeCompaction"/> passes.
    /// Writers and readers go on (FASTER copies a live record only if no newer one was written meanwhile); the
    /// checkpoint that ends it holds the writers off for the version shift, as every checkpoint of the day does. Call it
    /// from one thread at a time, as the other checkpoints. Returns by how many bytes the log shrank.
    /// </summary>
    public long CompactIfWasteful()
    {
        var busy = Interlocked.Exchange(ref _writtenSincePass, 0) != 0;
        if (_closed)
            return 0;
        var before = Store.LogBytes;
        if (_liveAfterCompaction > 0 && before < _liveAfterCompaction + (_liveAfterCompaction / 2))
            return 0;
        if (busy && ++_busyPasses < _busyPassesBeforeCompaction)
            return 0;
        _busyPasses = 0;
        Store.RemoveDeadBytesAsync(() => Internal.BlockingWork.Run(() => Checkpoint(force: true))).GetAwaiter().GetResult();
        var after = Store.LogBytes;
        _liveAfterCompaction = Math.Max(1, after);
        Internal.AtomicFile.WriteText(Path.Combine(Directory, CompactedFile), _liveAfterCompaction.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return before - after;
    }

    /// <summary>Closes the store without a checkpoint (just taken, or about to be deleted); later entries fail.</summary>
    public void Close()
    {
        _gate.EnterWriteLock();
        try
        {
            if (_closed)
                return;
            _closed = true;
            Store.CloseAsync(checkpoint: false).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }
}
