using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Tracing.Clients;
using Tracing.Crash;

namespace Tracing.ClusterHarness;

/// <summary>
/// One <c>Tracing.Server</c> process on free loopback ports (gRPC, web and, in a cluster, Orleans's silo and gateway
/// ports): a silo of a cluster or the embedded server. It can be killed at once (SIGKILL, as <c>kill -9</c>) or asked
/// to leave (SIGTERM, as a rolling restart does); its whole output goes to a log file, its last lines are kept for
/// failure messages.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptLines = 60;
    private const string TookControlText = "owns the control store now";
    private const string OpenedPartitionText = " opened on this silo in ";
    private const string ClosedPartitionText = " closed on this silo (";
    private readonly Process _process;
    private readonly Stopwatch _sinceStart;
    private readonly Queue<string> _lastLines = new();
    private readonly List<(DateTime At, string Line)> _marked = [];
    private readonly StreamWriter _log;
    private bool _disposed;

    private SiloProcess(SiloOptions options, Process process, Stopwatch sinceStart, string grpcAddress, string webAddress, int siloPort, int gatewayPort, StreamWriter log)
    {
        Options = options;
        _process = process;
        _sinceStart = sinceStart;
        GrpcAddress = grpcAddress;
        WebAddress = webAddress;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _log = log;
    }

    public SiloOptions Options { get; }

    public string Name => Options.Name;

    public string GrpcAddress { get; }

    public string WebAddress { get; }

    /// <summary>Orleans's silo-to-silo port (0 for the embedded server).</summary>
    public int SiloPort { get; }

    /// <summary>Orleans's client gateway port (0 for the embedded server).</summary>
    public int GatewayPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>From the process start until the health check first answered SERVING.</summary>
    public TimeSpan StartToServing { get; private set; }

    /// <summary>The log file with everything the process printed.</summary>
    public string LogPath => Path.Combine(Options.LogDirectory, $"{Name}-{_process.Id}.log");

    /// <summary>The command-line settings every process gets, cluster or not.</summary>
    public static IEnumerable<string> CommonSettings(SiloOptions options) =>
    [
        $"--Tracing:DataDir={options.DataDir}",
        .. options.Partitions is { } partitions ? [$"--Tracing:Partitions={partitions}"] : Array.Empty<string>(),
        .. ChildServer.TestSizing,
        $"--Auth:ApiKeys:0:Key={ChildServer.HealthKey}", "--Auth:ApiKeys:0:Role=HealthDepartment", "--Auth:ApiKeys:0:Province=79", "--Auth:ApiKeys:0:Name=Cluster health 79",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Tracing=Information",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        // Phones here upload far more than the abuse limits allow a phone (AbuseLimitTests are about those).
        "--Tracing:Limits:Enabled=false",
    ];

    /// <summary>Starts the process and waits until its gRPC health check answers SERVING.</summary>
    public static async Task<SiloProcess> StartAsync(SiloOptions options, TimeSpan? timeout = null)
    {
        Directory.CreateDirectory(options.LogDirectory);
        var grpc = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var web = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var (siloPort, gatewayPort) = options.Cluster is null ? (0, 0) : (LoopbackPorts.Free(), LoopbackPorts.Free());
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(options.ServerDll ?? Path.Combine(AppContext.BaseDirectory, "Tracing.Server.dll"));
        start.ArgumentList.Add($"--Kestrel:Endpoints:Grpc:Url={grpc}");
        start.ArgumentList.Add($"--Kestrel:Endpoints:Web:Url={web}");
        foreach (var setting in CommonSettings(options))
            start.ArgumentList.Add(setting);
        if (options.Cluster is { } cluster)
        {
            foreach (var setting in new[]
            {
                "--Tracing:Cluster:Enabled=true",
                $"--Tracing:Cluster:Redis={cluster.Redis}",
                $"--Tracing:Cluster:ClusterId={cluster.ClusterId}",
                $"--Tracing:Cluster:Secret={cluster.Secret}",
                $"--Tracing:Cluster:SiloPort={siloPort}",
                $"--Tracing:Cluster:GatewayPort={gatewayPort}",
                "--Tracing:Cluster:AdvertisedHost=127.0.0.1",
                "--Logging:LogLevel:Orleans=Warning",
            })
            {
                start.ArgumentList.Add(setting);
            }
        }
        foreach (var setting in options.Settings)
            start.ArgumentList.Add(setting);
        // Managers sign in with codes from the development SMS outbox (under the storage root), which Development allows.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var sinceStart = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var log = new StreamWriter(Path.Combine(options.LogDirectory, $"{options.Name}-{process.Id}.log")) { AutoFlush = true };
        var silo = new SiloProcess(options, process, sinceStart, grpc, web, siloPort, gatewayPort, log);
        log.WriteLine($"# dotnet {string.Join(' ', start.ArgumentList.Select(Redacted))}");
        process.OutputDataReceived += (_, line) => silo.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => silo.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await silo.WaitUntilServingAsync(timeout ?? TimeSpan.FromSeconds(120));
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
        return silo;
    }

    /// <summary>A client of this process's gRPC port, with no credential.</summary>
    public TracingClient Anonymous() => TracingClient.Anonymous(GrpcAddress);

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no leaving the cluster, no final checkpoint.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>
    /// Asks the process to stop (SIGTERM, as systemd or Kubernetes does): the host drains its calls and the silo leaves
    /// the cluster. Returns the time until it exited; kills it when it has not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        if (_process.HasExited)
            return TimeSpan.Zero;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Keep($"# did not exit within {timeout.TotalSeconds:0} s of SIGTERM: killed");
            KillHard();
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0} s of SIGTERM:{Environment.NewLine}{LastOutput()}");
        }
        return clock.Elapsed;
    }

    /// <summary>The process's exit code (once it exited).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process printed, for a failure message.</summary>
    public string LastOutput()
    {
        lock (_lastLines)
            return $"--- {Name} (pid {_process.Id}, log {LogPath}){Environment.NewLine}{string.Join(Environment.NewLine, _lastLines)}";
    }

    /// <summary>Lines of the whole log that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LogLines(string text)
    {
        using var file = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        var found = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
                found.Add(line);
        }
        return found;
    }

    /// <summary>The partitions this silo opened, in order, with how long each took and when its log line came (from its log).</summary>
    public IReadOnlyList<(int Partition, double Milliseconds, DateTime At)> OpenedPartitions()
    {
        lock (_lastLines)
        {
            return _marked
                .Select(m => (m.At, Match: System.Text.RegularExpressions.Regex.Match(m.Line, @"Partition (\d+) opened on this silo in ([\d.,]+) ms")))
                .Where(m => m.Match.Success)
                .Select(m => (int.Parse(m.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(m.Match.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), m.At))
                .ToList();
        }
    }

    /// <summary>The partitions open on this silo now, by its log (opened and not closed since).</summary>
    public IReadOnlyList<int> HeldPartitions()
    {
        var held = new SortedSet<int>();
        lock (_lastLines)
        {
            foreach (var (_, line) in _marked)
            {
                var match = System.Text.RegularExpressions.Regex.Match(line, @"Partition (\d+) (opened|closed) on this silo");
                if (!match.Success)
                    continue;
                var partition = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (match.Groups[2].Value == "opened")
                    held.Add(partition);
                else
                    held.Remove(partition);
            }
        }
        return [.. held];
    }

    /// <summary>When this silo's log said it took the control store (UTC), each time it did.</summary>
    public IReadOnlyList<DateTime> TookControl()
    {
        lock (_lastLines)
            return _marked.Where(m => m.Line.Contains(TookControlText, StringComparison.Ordinal)).Select(m => m.At).ToList();
    }

    /// <summary>Whether this silo owns the control store now, by its log (it took it more often than it let it go).</summary>
    public bool OwnsControl => !HasExited && LogLines(TookControlText).Count > LogLines("no longer owns the control store").Count;

    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        KillHard();
        _process.Dispose();
        lock (_lastLines)
            _log.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        var at = DateTime.UtcNow;
        lock (_lastLines)
        {
            // The partitions opened and the control store taken, timed as their lines arrive (the log has no times).
            if (line.Contains(OpenedPartitionText, StringComparison.Ordinal) || line.Contains(ClosedPartitionText, StringComparison.Ordinal) || line.Contains(TookControlText, StringComparison.Ordinal))
                _marked.Add((at, line));
            if (!_disposed)
                _log.WriteLine(line);
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
                _lastLines.Dequeue();
        }
    }

    // The command line goes to the log without the secrets in it (the cluster secret, passwords).
    private static string Redacted(string argument)
    {
        if (argument.Contains("Secret=", StringComparison.Ordinal) || argument.Contains("Password=", StringComparison.Ordinal))
            return argument[..(argument.IndexOf('=', StringComparison.Ordinal) + 1)] + "***";
        return System.Text.RegularExpressions.Regex.Replace(argument, "password=[^,]*", "password=***");
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
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}:{Environment.NewLine}{LastOutput()}");
            }
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"{Name} did not serve within {timeout.TotalSeconds:0} s:{Environment.NewLine}{LastOutput()}");
            await Task.Delay(50);
        }
    }
}
