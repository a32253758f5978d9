using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Tracing.Clients;

namespace Tracing.Server.Tests;

/// <summary>
/// The server as a separate operating-system process, so a test can kill it hard (SIGKILL, as `kill -9`)
/// and start it again on the same data folder.
/// </summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private readonly Process _process;

    private ChildServer(Process process, string grpcAddress)
    {
        _process = process;
        GrpcAddress = grpcAddress;
    }

    public string GrpcAddress { get; }

    public static async Task<ChildServer> StartAsync(string dataDir)
    {
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tracing.Server.dll"));
        foreach (var argument in new[]
        {
            $"--Kestrel:Endpoints:Grpc:Url={address}",
            $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{FreePort()}",
            $"--Tracing:DataDir={dataDir}",
            "--Tracing:StoreMemorySizeBits=25",
            "--Tracing:StoreIndexSizeBits=14",
            $"--Auth:ApiKeys:0:Key={ServerProcess.HealthKey}", "--Auth:ApiKeys:0:Role=HealthDepartment", "--Auth:ApiKeys:0:Province=79",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ChildServer(process, address);
        await server.WaitUntilServingAsync();
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
        if (!_process.HasExited)
            KillHard();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilServingAsync()
    {
        using var client = TracingClient.Anonymous(GrpcAddress);
        var health = new Health.HealthClient(client.CallInvoker);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    return;
            }
            catch (global::Grpc.Core.RpcException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"The server process exited with code {_process.ExitCode}.");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
