using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Clients;
using Tracing.Matching;
using Tracing.Matching.Tracing;
using Tracing.V1;
using Exposure = Tracing.Matching.Tracing.Exposure;
using ExposureKind = Tracing.Matching.Tracing.ExposureKind;

namespace Tracing.Server.Tests;

/// <summary>
/// Backpressure: a partner that stops reading its notification feed, or a flood of contact uploads, cannot make the
/// server hold more and more in memory or in its unapplied log; both go on once the other side catches up.
/// </summary>
public sealed class BackpressureTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int FeedLength = 30_000;

    [Fact]
    public async Task A_partner_that_reads_nothing_holds_the_server_to_a_few_pages_of_its_feed()
    {
        var written = new SentMessageCounter(nameof(ExposureService.ExposureServiceBase.WatchNotifications));
        await using var server = await ServerProcess.StartAsync(builder =>
        {
            builder.Services.AddSingleton(written);
            builder.Services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<SentMessageCounter>());
        });
        var engine = server.Services.GetRequiredService<TracingEngine>();
        var person = engine.People.RegisterDevice();
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < FeedLength; i++)
            engine.Notifications.Publish(person.Number, new Exposure(person.UserId, ExposureTier.F1, ExposureKind.Proximity, "", "", start, start.AddMinutes(20), 20, 50, "79"));
        await engine.CommitAsync();

        using var partner = server.WithApiKey(ServerProcess.PartnerKey);
        using var call = partner.Exposures.WatchNotifications(new WatchNotificationsRequest());
        // The partner reads nothing: the server writes until HTTP/2 flow control stops it, then waits.
        await SteadyAsync(() => written.Count, FeedLength);
        var aheadOfReader = written.Count;
        output.WriteLine($"the server wrote {aheadOfReader:N0} of {FeedLength:N0} notifications for a partner that read none");

        // Far less than the feed: about a page (1,000) and what the flow-control windows hold (64 KB each way).
        Assert.InRange(aheadOfReader, 1, FeedLength / 10);

        // Reading resumes the stream: every notification arrives, once and in order.
        var expected = 1UL;
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal($"79.{expected}", message.NextToken);
            if (expected++ == FeedLength)
                break;
        }
        Assert.Equal((ulong)FeedLength + 1, expected);
    }

    [Fact]
    public async Task An_upload_flood_stops_at_the_backlog_limit_with_a_retry_hint_and_loses_nothing_acknowledged()
    {
        // 0.25 MB of unapplied log: about 8 batches of 1,000 observations (32 KB each).
        await using var server = await ServerProcess.StartAsync(null, "--Tracing:Observations:MaxUnappliedMegabytes=0.25", "--Tracing:Observations:BacklogWaitSeconds=0.2");
        var engine = server.Services.GetRequiredService<TracingEngine>();
        var (phone, _) = await Citizens.DeviceAsync(server);
        using var _ = phone;
        var batches = Enumerable.Range(0, 100).Select(NewBatch).ToList();

        var acknowledged = 0;
        RpcException? refusal = null;
        using (engine.Contacts.PauseApplying())
        {
            // The applier is held off: every acknowledged batch stays in the backlog.
            for (; acknowledged < batches.Count && refusal is null; acknowledged++)
            {
                refusal = await Record.ExceptionAsync(() => phone.UploadContactsAsync([batches[acknowledged]])) as RpcException;
                if (refusal is not null)
                    break;
            }
        }

        Assert.NotNull(refusal);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        Assert.Contains("send them again, with the same batch_id, in 1 s", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("1000", refusal.Trailers.GetValue("grpc-retry-pushback-ms"));
        Assert.InRange(acknowledged, 6, 10);

        // Once the applier caught up, the refused batch goes through; each acknowledged batch is stored once. (It applies
        // the backlog as one run, so room comes back all at once when the run is done, not batch by batch: wait for it
        // rather than count on the upload's 0.2 s wait for room.)
        engine.Contacts.CatchUp();
        await phone.UploadContactsAsync([batches[acknowledged]]);
        for (var b = 0; b <= acknowledged; b++)
            Assert.Single(engine.Contacts.SightingsOf(batches[b].Observations[0].Rpi.Span));
    }

    private static ContactBatch NewBatch(int number)
    {
        var seenAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-2));
        var batch = new ContactBatch { BatchId = number.ToString(CultureInfo.InvariantCulture) };
        for (var i = 0; i < 1_000; i++)
            batch.Observations.Add(new ContactObservation { Rpi = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)), SeenAt = seenAt, DurationSeconds = 300, Rssi = -60, TxPower = -5 });
        return batch;
    }

    /// <summary>Waits until <paramref name="count"/> stops growing for a second (or reaches <paramref name="all"/>).</summary>
    private static async Task SteadyAsync(Func<long> count, long all)
    {
        var (last, steadySince) = (-1L, DateTime.UtcNow);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var now = count();
            if (now == all)
                return;
            if (now != last)
                (last, steadySince) = (now, DateTime.UtcNow);
            else if (now > 0 && DateTime.UtcNow - steadySince > TimeSpan.FromSeconds(1))
                return;
            await Task.Delay(50);
        }
    }
}
