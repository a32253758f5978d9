using System.Diagnostics;
using System.Runtime.InteropServices;
using Grpc.Core;
using Grpc.Health.V1;
using Tracing.Clients;

namespace Tracing.Harness;

/// <summary>
/// A <c>Tracing.Server</c> process a harness started (the crash harness's server, a cluster's silo): its output read
/// line by line — every line to the harness's <c>watch</c>, the last ones kept for a failure message — its gRPC health
/// check polled until it answers SERVING, and a hard kill (SIGKILL, as <c>kill -9</c>).
/// </summary>
internal sealed class ServerChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _sinceStart;
    private readonly Queue<string> _lastLines = new();
    private readonly int _keptLines;
    private readonly Action<string> _watch;

    private ServerChildProcess(Process process, Stopwatch sinceStart, int keptLines, Action<string> watch)
    {
        _process = process;
        _sinceStart = sinceStart;
        _keptLines = keptLines;
        _watch = watch;
    }

    /// <summary>The process's id.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code (once it exited).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Time since the process was started.</summary>
    public TimeSpan SinceStart => _sinceStart.Elapsed;

    /// <summary>From the process start until the health check first answered SERVING.</summary>
    public TimeSpan StartToServing { get; private set; }

    /// <summary>
    /// Starts <c>dotnet</c> with <paramref name="arguments"/> (the server's assembly first) in the Development
    /// environment, whose SMS outbox lets a harness sign managers in; <paramref name="watch"/> sees every line it prints,
    /// under the lock that guards the kept lines.
    /// </summary>
    public static ServerChildProcess Start(IEnumerable<string> arguments, int keptLines, Action<string> watch)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var child = new ServerChildProcess(process, sinceStart, keptLines, watch);
        process.OutputDataReceived += (_, line) => child.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => child.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Polls the gRPC health check at <paramref name="grpcAddress"/> every <paramref name="poll"/> until it answers SERVING; throws with the last lines when the process exits or the time is up.</summary>
    public async Task WaitUntilServingAsync(string grpcAddress, string name, TimeSpan timeout, TimeSpan poll)
    {
        using var client = TracingClient.Anonymous(grpcAddress);
        var health = new Health.HealthClient(client.CallInvoker);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    StartToServing = _sinceStart.Elapsed;
                    return;
                }
            }
            catch (RpcException)
            {
            }
            if (_process.HasExited)
            {
                // Its last lines arrive a moment after it exited.
                _process.WaitForExit();
                throw new InvalidOperationException($"{name} exited with code {_process.ExitCode}:{Environment.NewLine}{LastLines()}");
            }
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"{name} did not serve within {timeout.TotalSeconds:0} s:{Environment.NewLine}{LastLines()}");
            await Task.Delay(poll);
        }
    }

    /// <summary>The last lines the process printed.</summary>
    public string LastLines()
    {
        lock (_lastLines)
            return string.Join(Environment.NewLine, _lastLines);
    }

    /// <summary>Runs <paramref name="action"/> under the lock <c>watch</c> runs under (to read what it gathered).</summary>
    public T Locked<T>(Func<T> action)
    {
        lock (_lastLines)
            return action();
    }

    /// <summary>Runs <paramref name="action"/> under the lock <c>watch</c> runs under.</summary>
    public void Locked(Action action)
    {
        lock (_lastLines)
            action();
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no final checkpoint; waits until it is gone.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Asks the process to stop (SIGTERM, as <c>kill</c> or a service manager does): a graceful stop.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SignalTerminate) != 0)
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}.");
    }

    private const int SignalTerminate = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Waits until the process exits by itself.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Kills the process if it still runs and frees it.</summary>
    public void Dispose()
    {
        KillHard();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_lastLines)
        {
            _watch(line);
            _lastLines.Enqueue(line);
            if (_lastLines.Count > _keptLines)
                _lastLines.Dequeue();
        }
    }
}
