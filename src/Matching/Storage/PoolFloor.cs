namespace Tracing.Matching.Storage;

/// <summary>
/// Keeps enough thread-pool threads ready for FASTER's own I/O. On Linux every read and write of a FASTER device runs
/// on the thread pool, and a checkpoint's state machine waits for some of them (its metadata files) inside a step,
/// on whichever thread takes that step — a scan's writer of a day, holding the day's writer lock. The other scans of
/// that day then block pool threads on that lock; once they hold every pool thread, the write the step waits for sits
/// in the queue until the pool adds a thread (about two a second), and every new thread takes a queued scan first:
/// checkpoints held a day's scans off for up to 10 s in bench runs on two cores. With a floor of threads, the pool
/// starts the thread the write needs at once. Work that only blocks (opening stores, checkpoints) runs on threads of
/// its own (see <see cref="Internal.BlockingWork"/>).
/// </summary>
internal static class PoolFloor
{
    /// <summary>Threads per core the pool starts without waiting.</summary>
    internal const int ThreadsPerCore = 16;

    private static int s_raised;

    /// <summary>Raises the pool's minimum of worker threads to <see cref="ThreadsPerCore"/> per core, once per process.</summary>
    public static void Raise()
    {
        if (Interlocked.Exchange(ref s_raised, 1) != 0)
            return;
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var floor = ThreadsPerCore * Environment.ProcessorCount;
        if (workers < floor)
            ThreadPool.SetMinThreads(floor, completionPorts);
    }
}
