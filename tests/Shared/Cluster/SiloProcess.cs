using System.Diagnostics;
using Tracing.Clients;
using Tracing.Crash;
using Tracing.Harness;

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
    private readonly List<(DateTime At, string Line)> _marked = [];
    private readonly List<string> _beforeLog = [];
    private ServerChildProcess? _started;
    private StreamWriter? _log;
    private bool _disposed;

    private SiloProcess(SiloOptions options, string grpcAddress, string webAddress, int siloPort, int gatewayPort)
    {
        Options = options;
        GrpcAddress = grpcAddress;
        WebAddress = webAddress;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public SiloOptions Options { get; }

    public string Name => Options.Name;

    public string GrpcAddress { get; }

    public string WebAddress { get; }

    /// <summary>Orleans's silo-to-silo port (0 for the embedded server).</summary>
    public int SiloPort { get; }

    /// <summary>Orleans's client gateway port (0 for the embedded server).</summary>
    public int GatewayPort { get; }

    public int ProcessId => Process.Id;

    public bool HasExited => Process.HasExited;

    /// <summary>From the process start until the health check first answered SERVING.</summary>
    public TimeSpan StartToServing => Process.StartToServing;

    /// <summary>The log file with everything the process printed.</summary>
    public string LogPath => Path.Combine(Options.LogDirectory, $"{Name}-{Process.Id}.log");

    private ServerChildProcess Process => _started ?? throw new InvalidOperationException($"{Name} has not started.");

    /// <summary>The command-line settings every process gets, cluster or not.</summary>
    public static IEnumerable<string> CommonSettings(SiloOptions options) =>
    [
        $"--Tracing:DataDir={options.DataDir}",
        .. options.Partitions is { } partitions ? [$"--Tracing:Partitions={partitions}"] : Array.Empty<string>(),
        .. ChildServer.TestSizing,
        $"--Auth:ApiKeys:0:Key={ChildServer.HealthKey}", "--Auth:ApiKeys:0:Role=HealthDepartment", "--Auth:ApiKeys:0:Province=79", "--Auth:ApiKeys:0:Name=Cluster health 79",
        $"--Auth:ApiKeys:1:Key={ChildServer.OperatorKey}", "--Auth:ApiKeys:1:Role=Operator", "--Auth:ApiKeys:1:Name=Cluster operators",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Tracing=Information",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        // Phones here upload far more than the abuse limits allow a phone (AbuseLimitTests are about those).
        "--Tracing:Limits:Enabled=false",
    ];

    /// <summary>
    /// Starts the process and waits until its gRPC health check answers SERVING. A port found free may be taken by
    /// another test's process before this one binds it (tests start servers in parallel): a start that dies of a taken
    /// port is tried again on new ports.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(SiloOptions options, TimeSpan? timeout = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(options, timeout);
            }
            catch (InvalidOperationException exited) when (attempt < 4 && exited.Message.Contains("address already in use", StringComparison.Ordinal))
            {
            }
        }
    }

    private static async Task<SiloProcess> StartOnceAsync(SiloOptions options, TimeSpan? timeout)
    {
        Directory.CreateDirectory(options.LogDirectory);
        var grpc = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var web = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var (siloPort, gatewayPort) = options.Cluster is null ? (0, 0) : (LoopbackPorts.Free(), LoopbackPorts.Free());
        List<string> arguments =
        [
            options.ServerDll ?? Path.Combine(AppContext.BaseDirectory, "Tracing.Server.dll"),
            $"--Kestrel:Endpoints:Grpc:Url={grpc}",
            $"--Kestrel:Endpoints:Web:Url={web}",
            .. CommonSettings(options),
        ];
        if (options.Cluster is { } cluster)
        {
            arguments.AddRange(
            [
                "--Tracing:Cluster:Enabled=true",
                $"--Tracing:Cluster:Redis={cluster.Redis}",
                $"--Tracing:Cluster:ClusterId={cluster.ClusterId}",
                $"--Tracing:Cluster:Secret={cluster.Secret}",
                $"--Tracing:Cluster:SiloPort={siloPort}",
                $"--Tracing:Cluster:GatewayPort={gatewayPort}",
                "--Tracing:Cluster:AdvertisedHost=127.0.0.1",
                "--Logging:LogLevel:Orleans=Warning",
            ]);
        }
        arguments.AddRange(options.Settings);
        var silo = new SiloProcess(options, grpc, web, siloPort, gatewayPort);
        // Managers sign in with codes from the development SMS outbox (under the storage root), which Development allows.
        silo._started = ServerChildProcess.Start(arguments, KeptLines, silo.Watch);
        silo.Process.Locked(() =>
        {
            // Named after the process's id, so opened once it runs; what it printed meanwhile goes in first.
            silo._log = new StreamWriter(silo.LogPath) { AutoFlush = true };
            silo._log.WriteLine($"# dotnet {string.Join(' ', arguments.Select(Redacted))}");
            silo._beforeLog.ForEach(silo._log.WriteLine);
        });
        try
        {
            await silo.Process.WaitUntilServingAsync(grpc, options.Name, timeout ?? TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(50));
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
    public void KillHard() => Process.KillHard();

    /// <summary>
    /// Asks the process to stop (SIGTERM, as systemd or Kubernetes does): the host drains its calls and the silo leaves
    /// the cluster. Returns the time until it exited; kills it when it has not within <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        if (Process.HasExited)
            return TimeSpan.Zero;
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Locked(() => Watch($"# did not exit within {timeout.TotalSeconds:0} s of SIGTERM: killed"));
            KillHard();
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0} s of SIGTERM:{Environment.NewLine}{LastOutput()}");
        }
        return clock.Elapsed;
    }

    /// <summary>The process's exit code (once it exited).</summary>
    public int ExitCode => Process.ExitCode;

    /// <summary>The last lines the process printed, for a failure message.</summary>
    public string LastOutput() => $"--- {Name} (pid {Process.Id}, log {LogPath}){Environment.NewLine}{Process.LastLines()}";

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
        => Process.Locked(() => _marked
                .Select(m => (m.At, Match: System.Text.RegularExpressions.Regex.Match(m.Line, @"Partition (\d+) opened on this silo in ([\d.,]+) ms")))
                .Where(m => m.Match.Success)
                .Select(m => (int.Parse(m.Match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), double.Parse(m.Match.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture), m.At))
                .ToList());

    /// <summary>The partitions open on this silo now, by its log (opened and not closed since).</summary>
    public IReadOnlyList<int> HeldPartitions()
    {
        var held = new SortedSet<int>();
        Process.Locked(() =>
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
        });
        return [.. held];
    }

    /// <summary>When this silo's log said it took the control store (UTC), each time it did.</summary>
    public IReadOnlyList<DateTime> TookControl()
        => Process.Locked(() => _marked.Where(m => m.Line.Contains(TookControlText, StringComparison.Ordinal)).Select(m => m.At).ToList());

    /// <summary>Whether this silo owns the control store now, by its log (it took it more often than it let it go).</summary>
    public bool OwnsControl => !HasExited && LogLines(TookControlText).Count > LogLines("no longer owns the control store").Count;

    public ValueTask DisposeAsync()
    {
        if (_disposed)
            return ValueTask.CompletedTask;
        _disposed = true;
        _started?.Dispose();
        _started?.Locked(() => _log?.Dispose());
        return ValueTask.CompletedTask;
    }

    // Runs under the process's line lock: every line to the log file, and the partitions opened and the control store
    // taken, timed as their lines arrive (the log has no times).
    private void Watch(string line)
    {
        if (line.Contains(OpenedPartitionText, StringComparison.Ordinal) || line.Contains(ClosedPartitionText, StringComparison.Ordinal) || line.Contains(TookControlText, StringComparison.Ordinal))
            _marked.Add((DateTime.UtcNow, line));
        if (_log is null)
            _beforeLog.Add(line);
        else if (!_disposed)
            _log.WriteLine(line);
    }

    // The command line goes to the log without the secrets in it (the cluster secret, passwords).
    private static string Redacted(string argument)
    {
        if (argument.Contains("Secret=", StringComparison.Ordinal) || argument.Contains("Password=", StringComparison.Ordinal))
            return argument[..(argument.IndexOf('=', StringComparison.Ordinal) + 1)] + "***";
        return System.Text.RegularExpressions.Regex.Replace(argument, "password=[^,]*", "password=***");
    }
}
