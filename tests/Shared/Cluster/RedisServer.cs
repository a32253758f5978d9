using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Tracing.Harness;

namespace Tracing.ClusterHarness;

/// <summary>
/// Debian's <c>redis-server</c> as a child process on a free loopback port, with no persistence (no RDB snapshots, no
/// append-only file) in a temporary folder of its own: the membership table of one test's or bench's cluster. It asks
/// for a random password (<c>requirepass</c>, in a configuration file only its owner reads, not on the command line
/// where <c>ps</c> shows it); silos give it in their connection string, <see cref="ConnectionString"/>.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private RedisServer(Process process, string directory, int port, string password)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    /// <summary>The password every client must give (<c>AUTH</c>).</summary>
    public string Password { get; }

    /// <summary>host:port,password=…, as StackExchange.Redis and Orleans's Redis clustering take it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    /// <summary>Starts redis-server and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync(TimeSpan? timeout = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tracing-redis", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var port = LoopbackPorts.Free();
        var password = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var configuration = Path.Combine(directory, "redis.conf");
        File.WriteAllText(configuration, "");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(configuration, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(configuration, $"requirepass {password}\n");
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[] { configuration, "--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no", "--loglevel", "warning" })
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
        var redis = new RedisServer(process, directory, port, password);
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

    /// <summary>True when the server, given the password, answers PING with PONG.</summary>
    public async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {Password}\r\nPING\r\n"));
            var answer = new StringBuilder();
            var buffer = new byte[64];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            // Two replies (+OK, +PONG), or the first one when it is an error.
            while (!(answer.ToString().EndsWith("\r\n", StringComparison.Ordinal) && (answer.ToString().StartsWith('-') || answer.ToString().Split("\r\n").Length > 2)))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                    return false;
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return answer.ToString() == "+OK\r\n+PONG\r\n";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
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
