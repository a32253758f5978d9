using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Every unmasked read by a health department is written to the audit log — who, which call, about what, how many
/// records — before the data leaves; masked reads by managers are not, and the log never holds the data itself.
/// </summary>
public sealed class AuditLogTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    private string AuditPath => Path.Combine(Server.DataDir, "audit", "unmasked-reads.jsonl");

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_health_departments_unmasked_reads_are_audited_and_a_managers_masked_reads_are_not()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà hàng Kiểm Toán");
        var (visitor, visitorId) = await Citizens.DeclaredDeviceAsync(Server, "Lương Thị Riêng Tư");
        await Citizens.VisitAsync(visitor, venue, Citizens.ThisMinute().AddHours(-2), Citizens.ThisMinute().AddHours(-1));
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = visitorId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });

        var masked = await Citizens.HistoryAsync(manager, venue.VenueId);
        await manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venue.VenueId });
        Assert.DoesNotContain(Entries(), e => e.Subject.Contains(venue.VenueId, StringComparison.Ordinal));

        var unmasked = await Citizens.HistoryAsync(health, venue.VenueId);
        await Citizens.ReadToEndAsync(health.CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { venue.VenueId } }).ResponseStream);
        await health.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venue.VenueId });
        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });

        Assert.Equal(2, masked.Count);
        Assert.Equal("Lương Thị Riêng Tư", unmasked[0].VisitorName);
        var entries = Entries();
        var ours = entries.Where(e => e.Subject.Contains(venue.VenueId, StringComparison.Ordinal) || e.Subject.Contains(report.CaseId, StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [("ReportCase", 1L), ("ListScanHistory", 2L), ("ExportScanHistory", 2L), ("GetVenue", 1L), ("GetTracingReport", tracing.Exposures.Count)],
            ours.Select(e => (e.Call, e.Records)));
        Assert.All(ours, e => Assert.Equal(("Test health 79", "79"), (e.By, e.Province)));
        Assert.Contains(visitorId, ours[0].Subject, StringComparison.Ordinal);
        Assert.All(ours, e => Assert.InRange(e.At, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(1)));
        var text = File.ReadAllText(AuditPath);
        Assert.DoesNotContain("Riêng Tư", text, StringComparison.Ordinal);
        Assert.DoesNotContain(ServerProcess.HealthKey, text, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(AuditPath));
    }

    [Fact]
    public async Task A_search_is_audited_as_a_search_without_its_text()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Tìm Kiếm");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Đoàn Thị Tìm Thấy");
        await Citizens.VisitAsync(visitor, venue, Citizens.ThisMinute().AddHours(-2), Citizens.ThisMinute().AddHours(-1));
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var phoneQuery = "0912" + Random.Shared.Next(100000, 999999).ToString(System.Globalization.CultureInfo.InvariantCulture);

        using (var byName = health.CheckIn.ListScanHistory(new ListScanHistoryRequest { VenueIds = { venue.VenueId }, VisitorQuery = "Tìm Thấy" }))
            Assert.Equal(2, (await Citizens.ReadToEndAsync(byName.ResponseStream)).Count);
        await Citizens.ReadToEndAsync(health.CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { venue.VenueId }, VisitorQuery = phoneQuery }).ResponseStream);
        await Citizens.HistoryAsync(health, venue.VenueId);

        var ours = Entries().Where(e => e.Subject.Contains(venue.VenueId, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, ours.Count);
        Assert.Contains("visitor_query=(given)", ours[0].Subject, StringComparison.Ordinal);
        Assert.Contains("visitor_query=(given)", ours[1].Subject, StringComparison.Ordinal);
        Assert.Contains("visitor_query=(none)", ours[2].Subject, StringComparison.Ordinal);
        // Read as the JSON it is: the writer escapes non-ASCII letters, so the raw bytes alone would prove nothing.
        Assert.All(Entries(), e => Assert.DoesNotContain("Tìm Thấy", e.Subject, StringComparison.Ordinal));
        Assert.DoesNotContain(phoneQuery, File.ReadAllText(AuditPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_names_the_department_that_reported_it_and_a_report_by_phone_audits_no_phone()
    {
        var phone = Citizens.NewPhone();
        var (patient, patientId) = await Citizens.SignedInAsync(Server, phone);
        using var health = Server.WithApiKey(ServerProcess.OtherProvinceHealthKey);

        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest { Phone = phone, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });

        Assert.Equal(("Test health 01", "01"), (tracing.ReportedBy, tracing.ReportingProvinceCode));
        var ours = Entries().Where(e => e.Subject.Contains(report.CaseId, StringComparison.Ordinal)).ToList();
        Assert.Equal(["ReportCase", "GetTracingReport"], ours.Select(e => e.Call));
        Assert.All(ours, e => Assert.Equal(("Test health 01", "01"), (e.By, e.Province)));
        Assert.Contains(patientId, ours[0].Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(phone[1..], File.ReadAllText(AuditPath), StringComparison.Ordinal);
        patient.Dispose();
    }

    private sealed record Entry(DateTime At, string By, string Province, string Call, string Subject, long Records);

    private List<Entry> Entries()
    {
        if (!File.Exists(AuditPath))
            return [];
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return File.ReadAllLines(AuditPath).Select(line => JsonSerializer.Deserialize<Entry>(line, options)!).ToList();
    }
}
