namespace Tracing.Matching.Internal;

/// <summary>
/// Work that blocks — opening stores, checkpointing, dropping days — on a thread of its own. On the thread pool it
/// would hold a pool thread while FASTER's own reads complete on the pool: with two cores, two such waits starve the
/// pool, and the pool adds a thread only every half second or so (a restart took 2.6 s instead of 0.6 s).
/// </summary>
public static class BlockingWork
{
    /// <summary>Runs <paramref name="work"/> on a new thread.</summary>
    public static Task<T> Run<T>(Func<T> work)
        => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Runs <paramref name="work"/> on a new thread.</summary>
    public static Task Run(Action work)
        => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
