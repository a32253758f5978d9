using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tracing.Server.Grpc;

/// <summary>
/// Where contact uploads do their work: threads of their own, at a lower OS priority than the rest of the server. A
/// case report's connection is read, dispatched and answered on the thread pool, whose queue serves work in the order
/// it came: with the uploads' batches decoded and ingested there too, each of the case's steps waited behind several
/// of them. On the lane, the uploads leave the pool to the case, and the OS gives the case's threads a core first when
/// both want one (<see cref="CasesFirst"/> holds the uploads' next messages meanwhile, too).
/// </summary>
public sealed partial class BulkLane : IDisposable
{
    /// <summary>The lane threads' niceness on Linux (the server's threads run at 0; 19 is the lowest priority).</summary>
    public const int Niceness = 5;

    [ThreadStatic]
    private static bool t_onLane;

    private readonly BlockingCollection<Action> _work = [];

    /// <summary>Starts one lane thread per core.</summary>
    public BulkLane()
    {
        for (var i = 0; i < Environment.ProcessorCount; i++)
            new Thread(Run) { IsBackground = true, Name = "bulk lane" }.Start();
    }

    /// <summary>Continues the awaiting method on the lane (at once when it runs there already).</summary>
    public LaneEntry Enter() => new(this);

    /// <summary>Stops the lane's threads once the work queued is done; what awaits the lane later runs on the thread pool.</summary>
    public void Dispose() => _work.CompleteAdding();

    private void Post(Action continuation)
    {
        try
        {
            _work.Add(continuation);
        }
        catch (InvalidOperationException)
        {
            // The lane stopped (the server is stopping): the call still finishes, on the pool.
            ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
        }
    }

    private void Run()
    {
        t_onLane = true;
        if (OperatingSystem.IsLinux())
            _ = SetPriority(PriorityOfProcess, GetThreadId(), Niceness);
        foreach (var work in _work.GetConsumingEnumerable())
            work();
    }

    // setpriority(2) with PRIO_PROCESS and a thread id sets that one thread's niceness on Linux.
    private const int PriorityOfProcess = 0;

    /// <summary>POSIX <c>setpriority(2)</c>: .NET's thread priorities do nothing on Linux.</summary>
    [LibraryImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static partial int GetThreadId();

    /// <summary>The awaitable of <see cref="Enter"/>.</summary>
    public readonly struct LaneEntry(BulkLane lane) : ICriticalNotifyCompletion
    {
        public bool IsCompleted => t_onLane;

        public LaneEntry GetAwaiter() => this;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => lane.Post(continuation);

        public void UnsafeOnCompleted(Action continuation) => lane.Post(continuation);
    }
}
