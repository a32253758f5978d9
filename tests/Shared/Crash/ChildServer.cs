using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Health.V1;
using Tracing.Clients;

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

    /// <summary>Settings small enough for tests: the general store's memory and index.</summary>
    public static readonly IReadOnlyList<string> TestSizing = ["--Tracing:StoreMemorySizeBits=25", "--Tracing:StoreIndexSizeBits=14"];

    private const int KeptLines = 30;
    private readonly Process _process;
    private readonly Stopwatch _sinceStart;
    private readonly Queue<string> _lastLines = new();
    private readonly string _openedLine;
    private bool _disposed;

    private ChildServer(Process process, Stopwatch sinceStart, string grpcAddress, string dataDir)
    {
        _process = process;
        _sinceStart = sinceStart;
        GrpcAddress = grpcAddress;
        _openedLine = $"Store opened in {Path.GetFullPath(dataDir)} in ";
    }

    public string GrpcAddress { get; }

    /// <summary>From the process start until the health check first answered SERVING.</summary>
    public TimeSpan StartToServing { get; private set; }

    /// <summary>The server's own account of its start: how long recovering each store took (empty until it printed it).</summary>
    public string Recovery { get; private set; } = "";

    /// <summary>From the process start until the host printed "Application started" (its stores open, listening).</summary>
    public TimeSpan StartToHostStarted { get; private set; }

    /// <summary>Time since the process was started (to time the first reads after a restart).</summary>
    public TimeSpan SinceStart => _sinceStart.Elapsed;

    /// <summary>Starts the server on <paramref name="dataDir"/> on free loopback ports and waits until it serves.</summary>
    /// <param name="settings">More command-line settings (sizing, limits).</param>
    /// <param name="serverDll">The server's assembly; by default <c>Tracing.Server.dll</c> beside the caller's.</param>
    public static async Task<ChildServer> StartAsync(string dataDir, IEnumerable<string>? settings = null, string? serverDll = null, TimeSpan? timeout = null)
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(serverDll ?? Path.Combine(AppContext.BaseDirectory, "Tracing.Server.dll"));
        foreach (var argument in new[]
        {
            $"--Kestrel:Endpoints:Grpc:Url={address}",
            $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{FreePort()}",
            $"--Tracing:DataDir={dataDir}",
            $"--Auth:ApiKeys:0:Key={HealthKey}", "--Auth:ApiKeys:0:Role=HealthDepartment", "--Auth:ApiKeys:0:Province=79",
            "--Logging:LogLevel:Default=Warning",
            // The server's own log line on how long recovery took, and the host's "Application started".
            "--Logging:LogLevel:Tracing.Server=Information",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
            // A few hundred phones upload thousands of batches each: far past the abuse limits a phone meets
            // (144 uploads a day), which are not what this harness is about (AbuseLimitTests are).
            "--Tracing:Limits:Enabled=false",
        }.Concat(settings ?? TestSizing))
        {
            start.ArgumentList.Add(argument);
        }
        // The cast signs managers in with codes from the development SMS outbox, which only Development allows.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var server = new ChildServer(process, sinceStart, address, dataDir);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilServingAsync(timeout ?? TimeSpan.FromSeconds(120));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no final checkpoint.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        if (!_process.HasExited)
            KillHard();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The last lines the process printed, for a failure message.</summary>
    public string LastOutput()
    {
        lock (_lastLines)
            return string.Join(Environment.NewLine, _lastLines);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        if (line.IndexOf(_openedLine, StringComparison.Ordinal) is >= 0 and var at)
            Recovery = line[(at + _openedLine.Length)..];
        else if (StartToHostStarted == TimeSpan.Zero && line.Contains("Application started", StringComparison.Ordinal))
            StartToHostStarted = _sinceStart.Elapsed;
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
                _lastLines.Dequeue();
        }
    }

    private async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var client = TracingClient.Anonymous(GrpcAddress);
        var health = new Health.HealthClient(client.CallInvoker);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    StartToServing = _sinceStart.Elapsed;
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"The server process exited with code {_process.ExitCode}:{Environment.NewLine}{LastOutput()}");
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"The server did not serve within {timeout.TotalSeconds:0} s:{Environment.NewLine}{LastOutput()}");
            // Polled closely: the restart time is measured to the first SERVING answer.
            await Task.Delay(20);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
