using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Tracing.Clients;
using Tracing.Crash;

namespace Tracing.Server.Tests;

/// <summary>
/// A server process that cannot have what it needs — its data folder, which another server holds, or a port another
/// process listens on — refuses to start before it opens the store: it prints <c>The server did not start: …</c>
/// saying what to change, without a stack trace, and exits with the code of a configuration error (78).
/// </summary>
public sealed class StartRefusalTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tracing-start-refusal-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_second_server_on_a_data_folder_in_use_refuses_to_start_and_the_folder_is_free_once_the_first_is_killed()
    {
        var dataDir = Path.Combine(_folder, "data");
        var first = await ChildServer.StartAsync(dataDir);
        await using (first)
        {
            // Other ports, the same folder: it would open the same FASTER files.
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartedAndStoppedAsync(dataDir));

            AssertRefusedPlainly(refused.Message, $"The server did not start: Another server holds the data folder {Path.GetFullPath(dataDir)}");
            Assert.Contains("Tracing:DataDir", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Store opened", refused.Message, StringComparison.Ordinal);
            using var client = TracingClient.Anonymous(first.GrpcAddress);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(client.CallInvoker).CheckAsync(new HealthCheckRequest())).Status);

            // kill -9 gives no chance to let go: the operating system drops the lock with the process.
            first.KillHard();
        }
        await using var next = await ChildServer.StartAsync(dataDir);
    }

    [Fact]
    public async Task A_port_in_use_refuses_the_start_naming_the_address_and_the_setting_before_the_store_opens()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var taken = $"http://127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}";
        var dataDir = Path.Combine(_folder, "data");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartedAndStoppedAsync(dataDir, [.. ChildServer.TestSizing, $"--Kestrel:Endpoints:Web:Url={taken}"]));

        AssertRefusedPlainly(refused.Message, $"The server did not start: {taken} (Kestrel:Endpoints:Web:Url): address already in use");
        Assert.Contains("set another port in Kestrel:Endpoints:Web:Url", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Store opened", refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dataDir, "store", "partitions")), "the store was opened before the ports were checked");
    }

    /// <summary>Starts a server that should refuse to start; one that does start is stopped at once, not left running.</summary>
    private static async Task StartedAndStoppedAsync(string dataDir, IEnumerable<string>? settings = null)
    {
        await using var started = await ChildServer.StartAsync(dataDir, settings);
    }

    /// <summary>The process exited as a configuration error, saying <paramref name="said"/>, and printed no stack trace.</summary>
    private static void AssertRefusedPlainly(string exited, string said)
    {
        Assert.Contains("exited with code 78:", exited, StringComparison.Ordinal);
        Assert.Contains(said, exited, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", exited, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", exited, StringComparison.Ordinal);
    }
}
