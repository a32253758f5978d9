using System.Diagnostics;
using Grpc.Core;
using Tracing.Clients;
using Tracing.Crash;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// SIGTERM, as a service manager sends it for a restart or an upgrade: the open upload stream and the partner's
/// notification watch are told UNAVAILABLE with a retry hint, a new call is refused UNAVAILABLE, the process exits on
/// its own well within its shutdown bound, and its last checkpoint leaves nothing to replay at the next start.
/// </summary>
public sealed class GracefulStopTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tracing-graceful-tests", Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_dataDir))
            Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Sigterm_tells_open_streams_to_reconnect_refuses_new_calls_and_exits_with_a_last_checkpoint()
    {
        string[] settings = [.. ChildServer.TestSizing, "--Tracing:ShutdownSeconds=10"];
        var server = await ChildServer.StartAsync(_dataDir, settings);
        await using (server)
        {
            using var anonymous = TracingClient.Anonymous(server.GrpcAddress);
            var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "test" });
            using var phone = TracingClient.ForCitizen(server.GrpcAddress, device.AccessToken);
            var heard = new SimulatedPhone(seed: 3).HeardFor(DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromMinutes(15), rssi: -60, txPower: -5);
            // Acknowledged before the stop: these are on disk after it.
            Assert.Equal(heard.Count, (await phone.UploadObservationsAsync(heard)).Accepted);

            using var upload = phone.Contacts.UploadContacts();
            await upload.RequestStream.WriteAsync(new UploadContactsRequest { Batch = new ContactBatch { BatchId = Guid.NewGuid().ToString("N"), Observations = { heard.Take(5) } } });
            using var partner = TracingClient.ForApiKey(server.GrpcAddress, ChildServer.HealthKey);
            using var watch = partner.Exposures.WatchNotifications(new WatchNotificationsRequest { ProvinceCode = "79" });
            var watching = watch.ResponseStream.MoveNext();
            // Both calls are under way on the server before the stop: a watch answers its headers at once, and a call
            // made after the upload on the same connection is answered after the server took the upload's stream.
            await watch.ResponseHeadersAsync;
            await phone.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest());

            var stopping = Stopwatch.StartNew();
            server.Terminate();

            var watchEnded = await Assert.ThrowsAsync<RpcException>(() => watching);
            AssertToldToComeBack(watchEnded, "the watch", server);
            var uploadEnded = await Assert.ThrowsAsync<RpcException>(() => upload.ResponseAsync);
            AssertToldToComeBack(uploadEnded, "the upload", server);
            // A new call the server still takes is refused UNAVAILABLE with the hint; once it has closed the connection,
            // the client's own transport refuses it. Either way it is not served.
            var refused = await Assert.ThrowsAsync<RpcException>(() => anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "test" }).ResponseAsync);
            Assert.True(refused.StatusCode == StatusCode.Unavailable || refused.Status.DebugException is HttpRequestException, $"a new call ended {refused.Status}");

            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10 + 20));
            Assert.Equal(0, await server.WaitForExitAsync(bound.Token));
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the server took {stopping.Elapsed.TotalSeconds:F1} s to stop with its streams ended");
        }

        var restarted = await ChildServer.StartAsync(_dataDir, settings);
        await using (restarted)
            Assert.Contains("(0 MB of observation log to apply again", restarted.Recovery);
    }

    /// <summary>UNAVAILABLE, with when to come back in the trailers and a Vietnamese message for people.</summary>
    private static void AssertToldToComeBack(RpcException ended, string what, ChildServer server)
    {
        Assert.True(ended.StatusCode == StatusCode.Unavailable && ended.Trailers.GetValue("retry-after") == "5", $"{what} ended {ended.Status} without the retry hint; the server printed:{Environment.NewLine}{server.LastOutput()}");
        Assert.Contains("khởi động lại", VietnameseRefusals.Check(ended));
    }
}
