using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Tracing.Harness;

namespace Tracing.ClusterHarness;

/// <summary>
/// Debian's <c>redis-server</c> as a child process on a free loopback port, with no persistence (no RDB snapshots, no
/// append-only file) in a temporary folder of its own: the membership table of one test's or bench's cluster.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private RedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>host:port, as StackExchange.Redis and Orleans's Redis clustering take it.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync(TimeSpan? timeout = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tracing-redis", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { "--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no", "--loglevel", "warning" })
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException("redis-server is not installed: apt-get install -y redis-server (the cluster tests and bench start their own).", missing);
        }
        var redis = new RedisServer(process, directory, port);
        process.OutputDataReceived += (_, line) => redis.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => redis.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await redis.PingAsync())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var said = redis.Output();
                await redis.DisposeAsync();
                throw new InvalidOperationException($"redis-server did not answer PING on port {port}: {said}");
            }
            await Task.Delay(50);
        }
        return redis;
    }

    /// <summary>True when the server answers PING with PONG.</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(2));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>What redis-server printed (warnings and errors).</summary>
    public string Output()
    {
        lock (_output)
            return _output.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
