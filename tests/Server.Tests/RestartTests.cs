using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Every acknowledged write survives a restart on the same data folder: venues, declarations, scans, contact batches,
/// cases and their notifications, the signing key behind access tokens and QR codes, and an unused verification code.
/// </summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Acknowledged_writes_survive_a_restart()
    {
        await using var server = await ServerProcess.StartAsync();
        var t = Citizens.ThisMinute();

        // Before: a venue, three visitors (the case and two who overlap), a listener who heard the case by Bluetooth.
        var (manager, _) = await Citizens.SignedInAsync(server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà hàng Ngon, Pasteur");
        var (patient, patientId) = await Citizens.DeclaredDeviceAsync(server, "Trần Văn Ca");
        var (guest1, guest1Id) = await Citizens.DeclaredDeviceAsync(server, "Lê Thị Khách");
        var (guest2, guest2Id) = await Citizens.DeclaredDeviceAsync(server, "Lê Văn Khách");
        var (listener, listenerId) = await Citizens.DeclaredDeviceAsync(server, "Phạm Văn Nghe");
        await Citizens.VisitAsync(patient, venue, t.AddHours(-3), t.AddHours(-2));
        await Citizens.VisitAsync(guest1, venue, t.AddMinutes(-170), t.AddMinutes(-130));
        await Citizens.VisitAsync(guest2, venue, t.AddMinutes(-140), t.AddMinutes(-100));
        var patientPhone = new SimulatedPhone(seed: 77);
        var noon = new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1).AddHours(12);
        var heard = patientPhone.HeardFor(noon, TimeSpan.FromMinutes(20), rssi: -60, txPower: -5);
        var contacts = await listener.UploadObservationsAsync(heard);
        Assert.Equal(heard.Count, contacts.Accepted);

        var health = server.WithApiKey(ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
        {
            UserId = patientId,
            TestDate = Timestamp.FromDateTimeOffset(t),
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(t.AddDays(-1)),
        });
        Assert.Equal(2, report.ExposuresFound);
        var tracingBefore = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        var partner = server.WithApiKey(ServerProcess.PartnerKey);
        var allBefore = await partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { MaxResults = 1000 });
        var firstPage = await partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { MaxResults = 1 });
        Assert.Equal(2, allBefore.Notifications.Count);
        var venueBefore = (await manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venue.VenueId })).Venue;
        var visitsBefore = await Citizens.VisitsAsync(guest1);
        var tokens = new[] { manager, patient, guest1, guest2, listener }.Select(Citizens.TokenOf).ToArray();
        foreach (var client in new[] { manager, patient, guest1, guest2, listener, health, partner })
            client.Dispose();

        await server.RestartAsync();

        using var managerAfter = server.WithToken(tokens[0]);
        using var patientAfter = server.WithToken(tokens[1]);
        using var guest1After = server.WithToken(tokens[2]);
        using var guest2After = server.WithToken(tokens[3]);
        using var healthAfter = server.WithApiKey(ServerProcess.HealthKey);
        using var partnerAfter = server.WithApiKey(ServerProcess.PartnerKey);

        // The venue, with the same QR payload (the signing key persisted), still managed by the same person.
        var venueAfter = (await managerAfter.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venue.VenueId })).Venue;
        Assert.Equal(venueBefore, venueAfter);
        Assert.Contains((await managerAfter.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues, v => v.VenueId == venue.VenueId);
        var scanAfter = await Citizens.ScanAsync(guest2After, venueBefore, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(ScanStatus.Accepted, scanAfter.Status);

        // Visits, declarations, and the scan history.
        Assert.Equal(visitsBefore, await Citizens.VisitsAsync(guest1After));
        var status = await guest1After.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest());
        Assert.True(status.Valid);
        Assert.Equal(7, (await Citizens.HistoryAsync(managerAfter, venue.VenueId)).Count);

        // The case file and the notification feed, resumable from a token handed out before the restart.
        var tracingAfter = await healthAfter.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        Assert.Equal(tracingBefore, tracingAfter);
        Assert.Equal(
            new HashSet<string> { guest1Id, guest2Id },
            tracingAfter.Exposures.Select(e => e.UserId).ToHashSet());
        var allAfter = await partnerAfter.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { MaxResults = 1000 });
        Assert.Equal(allBefore.Notifications, allAfter.Notifications);
        Assert.Equal(allBefore.NextToken, allAfter.NextToken);
        var resumed = await partnerAfter.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { AfterToken = firstPage.NextToken, MaxResults = 1000 });
        Assert.Equal(allBefore.Notifications.Skip(1), resumed.Notifications);

        // A new device gets a new identity; it sees none of the old people's visits.
        var (newcomer, newcomerId) = await Citizens.DeclaredDeviceAsync(server, "Người Mới Đến");
        Assert.DoesNotContain(newcomerId, new[] { patientId, guest1Id, guest2Id, listenerId });
        Assert.Empty(await Citizens.VisitsAsync(newcomer));
        newcomer.Dispose();

        // The unused verification code still uploads the case's keys, and the observation stored before the
        // restart is matched: the listener becomes a proximity F1.
        var upload = await patientAfter.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest
        {
            VerificationCode = report.VerificationCode,
            Keys = { patientPhone.GetDiagnosisKeys(t.AddDays(-3), t) },
        });
        Assert.Equal(1, upload.ExposuresFound);
        var tracingFinal = await healthAfter.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        var proximity = Assert.Single(tracingFinal.Exposures, e => e.UserId == listenerId);
        Assert.Equal(Tier.F1, proximity.Tier);
        Assert.Equal(ExposureKind.Proximity, proximity.Kind);
        Assert.Equal(20, proximity.WeightedMinutes, precision: 1);
        var news = await partnerAfter.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { AfterToken = allBefore.NextToken });
        var fresh = Assert.Single(news.Notifications);
        Assert.Equal(listenerId, fresh.UserId);
        Assert.DoesNotContain(fresh.NotificationId, allBefore.Notifications.Select(n => n.NotificationId));
    }
}
