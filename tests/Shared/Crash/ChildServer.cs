using Tracing.Harness;

namespace Tracing.Crash;

/// <summary>
/// The server as a separate operating-system process, so that a harness can kill it hard (SIGKILL, as `kill -9`)
/// and start it again on the same data folder. It times its own start: from the moment the process is started
/// until the gRPC health check answers SERVING.
/// </summary>
internal sealed class ChildServer : IAsyncDisposable
{
    /// <summary>The API key of the health department of province 79 that every child server accepts.</summary>
    public const string HealthKey = "crash-health-79";

    /// <summary>An operator's key (backups), given to a cluster's silos.</summary>
    public const string OperatorKey = "crash-operator";

    /// <summary>Settings small enough for tests: the general store's memory and index.</summary>
    public static readonly IReadOnlyList<string> TestSizing = ["--Tracing:StoreMemorySizeBits=25", "--Tracing:StoreIndexSizeBits=14"];

    private const int KeptLines = 30;
    private readonly string _openedLine;
    private ServerChildProcess? _process;
    private bool _disposed;

    private ChildServer(string grpcAddress, string dataDir)
    {
        GrpcAddress = grpcAddress;
        _openedLine = $"Store opened in {Path.GetFullPath(dataDir)} in ";
    }

    public string GrpcAddress { get; }

    /// <summary>From the process start until the health check first answered SERVING.</summary>
    public TimeSpan StartToServing => Process.StartToServing;

    /// <summary>The server's own account of its start: how long recovering each store took (empty until it printed it).</summary>
    public string Recovery { get; private set; } = "";

    /// <summary>From the process start until the host printed "Application started" (its stores open, listening).</summary>
    public TimeSpan StartToHostStarted { get; private set; }

    /// <summary>Time since the process was started (to time the first reads after a restart).</summary>
    public TimeSpan SinceStart => Process.SinceStart;

    private ServerChildProcess Process => _process ?? throw new InvalidOperationException("The server process has not started.");

    /// <summary>Starts the server on <paramref name="dataDir"/> on free loopback ports and waits until it serves.</summary>
    /// <param name="settings">More command-line settings (sizing, limits).</param>
    /// <param name="serverDll">The server's assembly; by default <c>Tracing.Server.dll</c> beside the caller's.</param>
    public static async Task<ChildServer> StartAsync(string dataDir, IEnumerable<string>? settings = null, string? serverDll = null, TimeSpan? timeout = null)
    {
        var server = new ChildServer($"http://127.0.0.1:{LoopbackPorts.Free()}", dataDir);
        string[] arguments =
        [
            serverDll ?? Path.Combine(AppContext.BaseDirectory, "Tracing.Server.dll"),
            $"--Kestrel:Endpoints:Grpc:Url={server.GrpcAddress}",
            $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Tracing:DataDir={dataDir}",
            $"--Auth:ApiKeys:0:Key={HealthKey}", "--Auth:ApiKeys:0:Role=HealthDepartment", "--Auth:ApiKeys:0:Province=79",
            "--Logging:LogLevel:Default=Warning",
            // The server's own log line on how long recovery took, and the host's "Application started".
            "--Logging:LogLevel:Tracing.Server=Information",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            // A few hundred phones upload thousands of batches each: far past the abuse limits a phone meets
            // (144 uploads a day), which are not what this harness is about (AbuseLimitTests are).
            "--Tracing:Limits:Enabled=false",
            .. settings ?? TestSizing,
        ];
        server._process = ServerChildProcess.Start(arguments, KeptLines, server.Watch);
        try
        {
            // Polled closely: the restart time is measured to the first SERVING answer.
            await server.Process.WaitUntilServingAsync(server.GrpcAddress, "The server", timeout ?? TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(20));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no final checkpoint.</summary>
    public void KillHard() => Process.KillHard();

    /// <summary>Asks the process to stop gracefully (SIGTERM).</summary>
    public void Terminate() => Process.Terminate();

    /// <summary>Waits until the process exits; its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await Process.WaitForExitAsync(cancellationToken);
        return Process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The last lines the process printed, for a failure message.</summary>
    public string LastOutput() => Process.LastLines();

    private void Watch(string line)
    {
        if (line.IndexOf(_openedLine, StringComparison.Ordinal) is >= 0 and var at)
            Recovery = line[(at + _openedLine.Length)..];
        else if (StartToHostStarted == TimeSpan.Zero && line.Contains("Application started", StringComparison.Ordinal))
            StartToHostStarted = _process?.SinceStart ?? TimeSpan.Zero;
    }
}
