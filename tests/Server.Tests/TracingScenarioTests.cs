using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The central story over the real server on loopback: people scan venues and hear each other by Bluetooth,
/// a health department reports a case, the case uploads its keys, and exactly the F1 and F2 the rules imply
/// are found, reported and fetched by the province's partner.
/// </summary>
public sealed class TracingScenarioTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_case_exposes_exactly_the_people_the_rules_imply()
    {
        var now = DateTimeOffset.UtcNow;
        var t = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var pho = await Citizens.RegisterVenueAsync(manager, "Quán Phở Hòa");
        var market = await Citizens.RegisterVenueAsync(manager, "Chợ Bến Thành");

        var (an, anId) = await Citizens.DeclaredDeviceAsync(Server, "Trần Thị An");
        var (binh, binhId) = await Citizens.DeclaredDeviceAsync(Server, "Lê Văn Bình");
        var (chi, chiId) = await Citizens.DeclaredDeviceAsync(Server, "Phạm Thị Chi");
        var (dung, dungId) = await Citizens.DeclaredDeviceAsync(Server, "Hoàng Văn Dũng");
        var (em, emId) = await Citizens.DeclaredDeviceAsync(Server, "Vũ Thị Em");
        var (phuc, phucId) = await Citizens.DeclaredDeviceAsync(Server, "Đỗ Văn Phúc");
        var (giang, giangId) = await Citizens.DeclaredDeviceAsync(Server, "Ngô Thị Giang");

        // At the phở shop: An 5h–4h ago. Bình overlaps; Chi arrives 10 minutes after An left (inside the
        // 30-minute linger); Dũng arrives an hour after An left (outside it, and outside Bình's and Chi's lingers).
        await Citizens.VisitAsync(an, pho, t.AddHours(-5), t.AddHours(-4));
        await Citizens.VisitAsync(binh, pho, t.AddMinutes(-270), t.AddMinutes(-230));
        await Citizens.VisitAsync(chi, pho, t.AddMinutes(-230), t.AddMinutes(-215));
        await Citizens.VisitAsync(dung, pho, t.AddMinutes(-180), t.AddMinutes(-150));
        // Later, Bình (F1) shops at the market, where Em is too: Em becomes F2.
        await Citizens.VisitAsync(binh, market, t.AddMinutes(-120), t.AddMinutes(-60));
        await Citizens.VisitAsync(em, market, t.AddMinutes(-90), t.AddMinutes(-30));

        // Bluetooth, on a whole day yesterday: Phúc is near An for 20 minutes at 55 dB (weight 1.0);
        // Giang hears An for 30 minutes but at 80 dB (weight 0); Dũng's sightings are more than two hours
        // away from the interval in which An broadcast the identifier.
        var anPhone = new SimulatedPhone(seed: 11);
        var noon = new DateTimeOffset(t.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1).AddHours(12);
        await phuc.UploadObservationsAsync(anPhone.HeardFor(noon, TimeSpan.FromMinutes(20), rssi: -60, txPower: -5));
        await giang.UploadObservationsAsync(anPhone.HeardFor(noon.AddHours(2), TimeSpan.FromMinutes(30), rssi: -85, txPower: -5));
        var offTime = anPhone.HeardFor(noon.AddHours(-6), TimeSpan.FromMinutes(30), rssi: -60, txPower: -5)
            .Select(o => { var shifted = o.Clone(); shifted.SeenAt = Timestamp.FromDateTimeOffset(o.SeenAt.ToDateTimeOffset().AddHours(3)); return shifted; });
        await dung.UploadObservationsAsync(offTime);

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
        {
            UserId = anId,
            TestDate = Timestamp.FromDateTimeOffset(t),
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(t.AddDays(-1)),
        });
        Assert.Matches("^[0-9]{8}$", report.VerificationCode);
        Assert.Equal(3, report.ExposuresFound); // Bình and Chi (F1), Em (F2), from the visits alone

        var upload = await an.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest
        {
            VerificationCode = report.VerificationCode,
            Keys = { anPhone.GetDiagnosisKeys(t.AddDays(-3), t) },
        });
        Assert.Equal(1, upload.ExposuresFound); // Phúc

        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        var found = tracing.Exposures.Select(e => (e.UserId, e.Tier, e.Kind)).ToHashSet();
        Assert.Equal(
            new HashSet<(string, Tier, ExposureKind)>
            {
                (binhId, Tier.F1, ExposureKind.Venue),
                (chiId, Tier.F1, ExposureKind.Venue),
                (emId, Tier.F2, ExposureKind.Venue),
                (phucId, Tier.F1, ExposureKind.Proximity),
            },
            found);
        var phucExposure = tracing.Exposures.Single(e => e.UserId == phucId);
        Assert.Equal(20, phucExposure.WeightedMinutes, precision: 1);
        var chiExposure = tracing.Exposures.Single(e => e.UserId == chiId);
        Assert.Equal(pho.VenueId, chiExposure.VenueId);
        Assert.Equal(t.AddMinutes(-230), chiExposure.Start.ToDateTimeOffset());
        Assert.Equal(t.AddMinutes(-215), chiExposure.End.ToDateTimeOffset());
        Assert.DoesNotContain(tracing.Exposures, e => e.UserId == anId || e.UserId == dungId || e.UserId == giangId);

        // The partner of province 79 fetches the same people; no notification names the case.
        using var partner = Server.WithApiKey(ServerProcess.PartnerKey);
        var notifications = await FetchAllAsync(partner, "79");
        var ours = notifications.Where(n => found.Any(f => f.Item1 == n.UserId)).ToList();
        Assert.Equal(found.Select(f => f.Item1).ToHashSet(), ours.Select(n => n.UserId).ToHashSet());
        Assert.All(ours, n => Assert.Equal("79", n.ProvinceCode));
        Assert.DoesNotContain(notifications, n => n.UserId == anId || n.ToString().Contains(anId, StringComparison.Ordinal) || n.ToString().Contains(report.CaseId, StringComparison.Ordinal));

        // A partner of another province sees none of them.
        using var otherPartner = Server.WithApiKey(ServerProcess.OtherProvincePartnerKey);
        var elsewhere = await otherPartner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { MaxResults = 1000 });
        Assert.DoesNotContain(elsewhere.Notifications, n => found.Any(f => f.Item1 == n.UserId));

        // Each exposed person reads their own alert.
        var mine = await binh.Exposures.GetMyExposuresAsync(new GetMyExposuresRequest());
        Assert.Contains(mine.Notifications, n => n.Tier == Tier.F1 && n.VenueId == pho.VenueId);
        var none = await dung.Exposures.GetMyExposuresAsync(new GetMyExposuresRequest());
        Assert.Empty(none.Notifications);
        foreach (var client in new[] { manager, an, binh, chi, dung, em, phuc, giang })
            client.Dispose();
    }

    [Fact]
    public async Task Partners_resume_from_the_token_without_gaps_or_repeats()
    {
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        using var partner = Server.WithApiKey(ServerProcess.PartnerKey);
        var before = await FetchAllAsync(partner, "79");
        var start = await partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { MaxResults = 10_000 });

        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà sách Fahasa");
        var (source, sourceId) = await Citizens.DeclaredDeviceAsync(Server, "Bùi Văn Nguồn");
        var visitors = new List<string>();
        var t = DateTimeOffset.UtcNow.AddHours(-3);
        await Citizens.VisitAsync(source, venue, t, t.AddMinutes(60));
        for (var i = 0; i < 5; i++)
        {
            var (visitor, id) = await Citizens.DeclaredDeviceAsync(Server, $"Khách {i}");
            await Citizens.VisitAsync(visitor, venue, t.AddMinutes(10 + i), t.AddMinutes(50));
            visitors.Add(id);
        }
        await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = sourceId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });

        // Two notifications at a time, resuming from each next_token.
        var token = start.NextToken;
        var paged = new List<ExposureNotification>();
        while (true)
        {
            var page = await partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { AfterToken = token, MaxResults = 2 });
            if (page.Notifications.Count == 0)
                break;
            paged.AddRange(page.Notifications);
            token = page.NextToken;
        }
        Assert.Equal(visitors.Order(), paged.Select(n => n.UserId).Order());
        Assert.Equal(paged.Count, paged.Select(n => n.NotificationId).Distinct().Count());
        Assert.Empty(before.Select(n => n.NotificationId).Intersect(paged.Select(n => n.NotificationId)));
    }

    private static async Task<List<ExposureNotification>> FetchAllAsync(TracingClient partner, string province)
    {
        var all = new List<ExposureNotification>();
        var token = "";
        while (true)
        {
            var page = await partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { AfterToken = token, ProvinceCode = province, MaxResults = 500 });
            all.AddRange(page.Notifications);
            token = page.NextToken;
            if (page.Notifications.Count < 500)
                return all;
        }
    }
}
