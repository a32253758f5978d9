using System.Diagnostics;
using Grpc.Core;
using Tracing.Bench.Engine;
using Tracing.Clients;
using Tracing.Matching.Tracing;
using Tracing.V1;
using Exposure = Tracing.Matching.Tracing.Exposure;
using ExposureKind = Tracing.Matching.Tracing.ExposureKind;

namespace Tracing.Bench.E2e;

/// <summary>
/// Partner systems through <c>WatchNotifications</c>: after a large outbreak the province's feed holds many
/// notifications, and the partner watching it (connecting from the start, then live) receives them all. The feed is
/// filled through the engine beforehand (matching many cases would take the run's whole budget); the rate counts
/// notifications the partner received and decoded per second.
/// </summary>
internal sealed class NotificationLoad(LoopbackServer server, int notifications)
{
    /// <summary>CPU per notification over the timed part (client and server), once <see cref="RunAsync"/> has run.</summary>
    public double CpuMicroseconds { get; private set; }

    public async Task<double> RunAsync()
    {
        var start = SyntheticData.Now.AddDays(-3);
        var people = Enumerable.Range(0, 20_000).Select(_ => server.Engine.People.RegisterDevice()).ToArray();
        for (var i = 0; i < notifications; i++)
        {
            var person = people[i % people.Length];
            server.Engine.Notifications.Publish(person.Number, new Exposure(
                person.UserId, ExposureTier.F1, ExposureKind.Proximity, "", "", start.AddMinutes(i % 1440), start.AddMinutes(i % 1440 + 20), 20, 50, "79"));
        }
        await server.Engine.CommitAsync();

        using var partner = TracingClient.ForApiKey(server.GrpcAddress, LoopbackServer.PartnerKey);
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var received = await WatchAsync(partner, notifications);
        var perSecond = received / clock.Elapsed.TotalSeconds;
        CpuMicroseconds = cpu.MicrosecondsPer(received);
        EngineRun.Log($"server notifications (WatchNotifications, one partner from the start of a {notifications:N0}-notification feed): {perSecond:N0} notifications/s, {CpuMicroseconds:F1} µs CPU each");
        return perSecond;
    }

    /// <summary>Watches the province's feed from its start until <paramref name="expected"/> notifications have arrived.</summary>
    private static async Task<int> WatchAsync(TracingClient partner, int expected)
    {
        using var stop = new CancellationTokenSource();
        using var call = partner.Exposures.WatchNotifications(new WatchNotificationsRequest { ProvinceCode = "79" }, cancellationToken: stop.Token);
        var received = 0;
        await foreach (var message in call.ResponseStream.ReadAllAsync(stop.Token))
        {
            if (message.Notification.ProvinceCode != "79")
                throw new InvalidOperationException($"notification {message.Notification.NotificationId} of province {message.Notification.ProvinceCode} reached the province 79 partner");
            if (++received == expected)
                break;
        }
        await stop.CancelAsync();
        return received;
    }
}
