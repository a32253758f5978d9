using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// `kill -9` during sustained ingestion: the server process is killed hard while phones upload contact
/// batches and stream scans; after a restart on the same folder, every write the clients saw acknowledged
/// is there, and none twice.
/// </summary>
public sealed class CrashRecoveryTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tracing-crash-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private const int BatchesPerObserver = 30;

    [Fact]
    public async Task Every_acknowledged_batch_and_scan_survives_a_hard_kill()
    {
        var casePhone = new SimulatedPhone(seed: 42);
        var now = Citizens.ThisMinute();
        var heardAt = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1).AddHours(1);
        var attempted = new ConcurrentDictionary<string, int>();
        var acknowledged = new ConcurrentDictionary<string, int>();
        var acknowledgedScans = new ConcurrentBag<string>();
        string caseToken, caseId, scannerToken, venueId;

        await using (var first = await ChildServer.StartAsync(_dataDir))
        {
            using var anonymous = TracingClient.Anonymous(first.GrpcAddress);
            var caseDevice = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest());
            (caseToken, caseId) = (caseDevice.AccessToken, caseDevice.UserId);
            var observers = new List<(TracingClient Client, string UserId)>();
            for (var i = 0; i < 40; i++)
            {
                var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest());
                observers.Add((TracingClient.ForCitizen(first.GrpcAddress, device.AccessToken), device.UserId));
            }
            var (scanner, venue) = await ScannerAndVenueAsync(anonymous, first.GrpcAddress);
            (scannerToken, venueId) = (Citizens.TokenOf(scanner), venue.VenueId);

            // Each observer keeps uploading batches; batch k says it heard the case for 20 minutes at 55 dB
            // (weight 1.0), in its own 20 minutes of yesterday.
            var uploads = observers.Select(async observer =>
            {
                for (var k = 0; k < BatchesPerObserver; k++)
                {
                    attempted.AddOrUpdate(observer.UserId, 1, (_, n) => n + 1);
                    try
                    {
                        await observer.Client.UploadContactsAsync([new ContactBatch
                        {
                            BatchId = $"batch-{k}",
                            Observations = { casePhone.HeardFor(heardAt.AddMinutes(20 * k), TimeSpan.FromMinutes(20), rssi: -60, txPower: -5) },
                        }]);
                        acknowledged.AddOrUpdate(observer.UserId, 1, (_, n) => n + 1);
                    }
                    catch (Exception exception) when (exception is RpcException or IOException or HttpRequestException)
                    {
                        return; // killed before this batch was acknowledged
                    }
                }
            }).ToList();
            var scans = StreamScansAsync(scanner, venue, now, acknowledgedScans);

            // Kill once some, but not all, writes are acknowledged.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while ((acknowledged.Values.Sum() < 200 || acknowledgedScans.Count < 20) && DateTime.UtcNow < deadline)
                await Task.Delay(5);
            first.KillHard();
            await Task.WhenAll(uploads.Append(scans));
            foreach (var observer in observers)
                observer.Client.Dispose();
            scanner.Dispose();
        }
        var total = acknowledged.Values.Sum();
        Assert.True(total >= 200 && total < 40 * BatchesPerObserver, $"the server should die mid-ingestion, not after {total} batches");
        output.WriteLine($"acknowledged before the kill: {total} of {40 * BatchesPerObserver} batches, {acknowledgedScans.Count} scans");

        await using var second = await ChildServer.StartAsync(_dataDir);
        using var health = TracingClient.ForApiKey(second.GrpcAddress, ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = caseId, TestDate = Timestamp.FromDateTimeOffset(now) });
        using var caseClient = TracingClient.ForCitizen(second.GrpcAddress, caseToken);
        await caseClient.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest
        {
            VerificationCode = report.VerificationCode,
            Keys = { casePhone.GetDiagnosisKeys(now.AddDays(-3), now) },
        });
        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        var minutes = tracing.Exposures.Where(e => e.Kind == ExposureKind.Proximity).GroupBy(e => e.UserId).ToDictionary(g => g.Key, g => g.Sum(e => e.WeightedMinutes));
        foreach (var (observer, count) in attempted)
        {
            // Every acknowledged batch is there; a batch is all or nothing; none is there twice.
            var stored = minutes.GetValueOrDefault(observer) / 20;
            Assert.Equal(Math.Round(stored), stored, precision: 3);
            Assert.InRange(stored, acknowledged.GetValueOrDefault(observer), count);
        }
        output.WriteLine($"after the restart: {minutes.Values.Sum() / 20:0} batches found");

        using var scannerAfter = TracingClient.ForCitizen(second.GrpcAddress, scannerToken);
        // Read the history an hour at a time (one answer holds at most 10,000 scans).
        var history = new List<ListScanHistoryResponse>();
        for (var hour = 0; hour < 6; hour++)
        {
            using var historyCall = scannerAfter.CheckIn.ListScanHistory(new ListScanHistoryRequest
            {
                VenueIds = { venueId },
                From = Timestamp.FromDateTimeOffset(now.AddHours(hour - 6)),
                To = Timestamp.FromDateTimeOffset(now.AddHours(hour - 5).AddSeconds(-1)),
            });
            history.AddRange(await Citizens.ReadToEndAsync(historyCall.ResponseStream));
        }
        var recorded = history.Select(h => h.Scan.ScannedAt.ToDateTimeOffset()).ToList();
        Assert.Equal(recorded.Count, recorded.Distinct().Count());
        output.WriteLine($"after the restart: {recorded.Count} scans recorded");
        Assert.Subset(recorded.ToHashSet(), acknowledgedScans.Select(s => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet());
    }

    /// <summary>A venue manager signed in by OTP (from the child's outbox), who also scans at the venue.</summary>
    private async Task<(TracingClient Scanner, Venue Venue)> ScannerAndVenueAsync(TracingClient anonymous, string address)
    {
        var signedIn = await anonymous.SignInWithOtpAsync(Citizens.NewPhone(), new SmsOutbox(Path.Combine(_dataDir, "outbox", "sms.jsonl")));
        var scanner = TracingClient.ForCitizen(address, signedIn.AccessToken);
        return (scanner, await Citizens.RegisterVenueAsync(scanner, "Bệnh viện Chợ Rẫy"));
    }

    private static async Task StreamScansAsync(TracingClient scanner, Venue venue, DateTimeOffset now, ConcurrentBag<string> acknowledged)
    {
        try
        {
            using var call = scanner.CheckIn.StreamScans();
            var reader = Task.Run(async () =>
            {
                await foreach (var answer in call.ResponseStream.ReadAllAsync())
                {
                    if (answer.Status is ScanStatus.Accepted or ScanStatus.DeclarationRequired)
                        acknowledged.Add(answer.ClientEventId);
                }
            });
            for (var i = 0; i < 5 * 3600; i++)
            {
                var at = now.AddHours(-6).AddSeconds(i);  // whole seconds, as stored
                await call.RequestStream.WriteAsync(new StreamScansRequest
                {
                    Scan = new ScanRequest
                    {
                        ClientEventId = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        QrPayload = venue.QrPayload,
                        Direction = i % 2 == 0 ? Direction.In : Direction.Out,
                        ScannedAt = Timestamp.FromDateTimeOffset(at),
                        Method = ScanMethod.Self,
                    },
                });
            }
            await call.RequestStream.CompleteAsync();
            await reader;
        }
        catch (Exception exception) when (exception is RpcException or IOException or InvalidOperationException or HttpRequestException)
        {
            // The server was killed under the stream: what it acknowledged before is what counts.
        }
    }
}
