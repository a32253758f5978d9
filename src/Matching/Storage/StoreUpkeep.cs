namespace Tracing.Matching.Storage;

/// <summary>
/// The stores' upkeep — checkpoints, log truncation, compaction, dropping expired days — is what deletes and replaces
/// their files. A backup holds it (<see cref="HoldAsync"/>) while it copies them: upkeep already under way finishes
/// first, and new upkeep waits until the copy is done, while reads and writes go on. Process-wide, and counted: the
/// upkeep of every store of the process stays held while any hold lasts (two backups at once, or a cluster's owner
/// copying partitions of its own silo while holding its general store).
/// </summary>
internal static class StoreUpkeep
{
    private static readonly Lock s_lock = new();
    private static int s_running;
    private static int s_holds;
    private static TaskCompletionSource? s_held;
    private static TaskCompletionSource? s_idle;

    /// <summary>Waits while a backup holds the upkeep, then marks one upkeep step under way until disposed.</summary>
    public static async Task<Step> EnterAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task held;
            lock (s_lock)
            {
                if (s_held is null)
                {
                    s_running++;
                    return new Step();
                }
                held = s_held.Task;
            }
            await held.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Marks one upkeep step under way unless a hold has been granted (a copy is running): false then. A hold still
    /// waiting for the steps under way waits for this one too. For upkeep that another process's step asked for (a
    /// cluster's owner checkpointing or dropping the days of a partition on this silo): waiting here could deadlock,
    /// since the owner's own hold waits for that step.
    /// </summary>
    public static bool TryEnter(out Step step)
    {
        step = default;
        lock (s_lock)
        {
            if (s_idle is { Task.IsCompleted: true })
                return false;
            s_running++;
            return true;
        }
    }

    /// <summary>Holds the upkeep of every store once the steps under way have finished, until disposed.</summary>
    public static async Task<Hold> HoldAsync(CancellationToken cancellationToken)
    {
        Task idle;
        lock (s_lock)
        {
            if (s_holds++ == 0)
            {
                s_held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                s_idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (s_running == 0)
                    s_idle.TrySetResult();
            }
            idle = s_idle!.Task;
        }
        try
        {
            await idle.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Release();
            throw;
        }
        return new Hold();
    }

    private static void Exit()
    {
        lock (s_lock)
        {
            if (--s_running == 0)
                s_idle?.TrySetResult();
        }
    }

    private static void Release()
    {
        TaskCompletionSource? held = null;
        lock (s_lock)
        {
            if (--s_holds == 0)
                (held, s_held, s_idle) = (s_held, null, null);
        }
        held?.TrySetResult();
    }

    /// <summary>One upkeep step under way.</summary>
    public readonly struct Step : IDisposable
    {
        public void Dispose() => Exit();
    }

    /// <summary>The upkeep held for a backup; disposing it more than once releases it once.</summary>
    public sealed class Hold : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                Release();
        }
    }
}
