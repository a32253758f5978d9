namespace Tracing.Matching.Storage.Scans;

/// <summary>
/// One UTC day of scans: a FASTER store in its own folder, so retention deletes the folder. Writers (one at a time,
/// <see cref="Writer"/>) and readers hold the shared side of the day's gate; a drop holds it alone, and so does a
/// checkpoint until FASTER has moved to the next version, so that a checkpoint never holds a scan half written.
/// </summary>
internal sealed class ScanDay
{
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private long _writesSinceCheckpoint;
    private bool _closed;

    public ScanDay(string directory, long day, ScanOptions options)
    {
        Directory = directory;
        Number = day;
        Store = FasterStore.Open(options.DayStore(directory));
    }

    /// <summary>
    /// Held by the one writer of the day at a time. Writers of a day go one by one, as the observation applier
    /// does: with concurrent read-modify-writes, a snapshot of a FASTER 2.6.5 store sometimes held malformed
    /// records (an access violation in its snapshot flush, and again when recovering from the snapshot); with one
    /// writer at a time it did not, in the same load. A scan is three short in-memory writes, so a day still takes
    /// hundreds of thousands of scans a second.
    /// </summary>
    public Lock Writer { get; } = new();

    /// <summary>The day's folder.</summary>
    public string Directory { get; }

    /// <summary>The UTC day number.</summary>
    public long Number { get; }

    /// <summary>The day's venue buckets, itineraries and receipts: use between <see cref="Enter"/> and <see cref="Exit"/>.</summary>
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
    public void Written() => Interlocked.Increment(ref _writesSinceCheckpoint);

    /// <summary>
    /// Checkpoints the day (what its log gained, now and then its index) if it was written since the last time. The
    /// day's writers are held off until FASTER has moved to the next version, so the checkpoint holds whole scans
    /// only; they go on while the log is flushed.
    /// </summary>
    public void CheckpointIfWritten()
    {
        Task checkpoint;
        if (_closed || Volatile.Read(ref _writesSinceCheckpoint) == 0)
            return;
        // The index (when due) first, with the writers going on: it writes the whole hash index.
        Store.CheckpointIndexIfDueAsync().GetAwaiter().GetResult();
        _gate.EnterWriteLock();
        try
        {
            if (_closed || Volatile.Read(ref _writesSinceCheckpoint) == 0)
                return;
            Volatile.Write(ref _writesSinceCheckpoint, 0);
            var shifted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            checkpoint = Store.CheckpointLogAsync(shifted);
            Store.WaitForVersionShift(shifted.Task, checkpoint);
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
