using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.Matching.Safety;
using Tracing.V1;

namespace Tracing.Server.Tests.Fuzz;

/// <summary>
/// One valid request of each tracing.v1 request type, naming real things on the server (a venue its caller manages,
/// a case, a verification code), so that mutations start from requests that reach past validation into the engine.
/// A type without a sample here is fuzzed from <see cref="RandomMessages"/> only.
/// </summary>
internal sealed class SampleRequests
{
    private readonly Dictionary<string, IMessage> _samples = new(StringComparer.Ordinal);

    private SampleRequests()
    {
    }

    /// <summary>The valid sample of <paramref name="messageType"/> (its full name), or null when there is none.</summary>
    public IMessage? For(string messageType) => _samples.GetValueOrDefault(messageType);

    /// <summary>Registers a venue for <paramref name="manager"/> and reports <paramref name="managerId"/> as a case, then makes the samples.</summary>
    public static async Task<SampleRequests> CreateAsync(ServerProcess server, TracingClient manager, string managerId)
    {
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Thử Lỗi", category: "restaurant", at: (10.77, 106.70));
        await Citizens.DeclareAsync(manager, "Nguyễn Văn Quản");
        using var health = server.WithApiKey(ServerProcess.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = managerId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
        var now = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1));
        var phone = new SimulatedPhone(seed: 7);
        var scan = new ScanRequest { ClientEventId = "fuzz-1", QrPayload = venue.QrPayload, Direction = Direction.In, ScannedAt = now, Method = ScanMethod.Self };
        var samples = new SampleRequests();
        IMessage[] messages =
        [
            new RequestOtpRequest { Phone = Citizens.NewPhone() },
            new VerifyOtpRequest { Phone = Citizens.NewPhone(), Code = "123456" },
            new RegisterDeviceRequest { Platform = "android" },
            new RegisterVenueRequest
            {
                Name = "Quán Đột Biến", ProvinceCode = "79", DistrictCode = "760", WardCode = "26734", StreetAddress = "1 Lê Lợi",
                RegistrantName = "Nguyễn Văn Quản", ParentVenueId = venue.VenueId, Category = "restaurant",
                Latitude = 10.77, Longitude = 106.70, Labels = { "phở" },
            },
            new GetVenueRequest { VenueId = venue.VenueId },
            new ListMyVenuesRequest(),
            new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = Citizens.NewPhone() },
            new RequestVenueAccessRequest { VenueId = venue.VenueId },
            new ListVenueManagersRequest { VenueId = venue.VenueId },
            new RemoveVenueManagerRequest { VenueId = venue.VenueId, Phone = Citizens.NewPhone() },
            new GetVenueQrCodeRequest { VenueId = venue.VenueId, Format = QrFormat.Svg },
            new GetPersonalQrCodeRequest { Format = QrFormat.Svg },
            new SubmitDeclarationRequest
            {
                FullName = "Trần Thị Khai", BirthYear = 1980, Gender = Gender.Female, Phone = Citizens.NewPhone(), ProvinceCode = "79",
                DistrictCode = "760", WardCode = "26734", StreetAddress = "2 Hai Bà Trưng", Kind = DeclarationKind.Venue, OnBehalf = true,
                VenueId = venue.VenueId, Symptoms = new Symptoms { Cough = true, Other = "mệt" },
            },
            new GetDeclarationStatusRequest(),
            scan,
            new StreamScansRequest { Scan = scan },
            new ListScanHistoryRequest { VenueIds = { venue.VenueId }, From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)), VisitorQuery = "Quản", MaxResults = 10 },
            new ExportScanHistoryRequest { VenueIds = { venue.VenueId }, VisitorQuery = "0912" },
            new ListMyVisitsRequest(),
            new UploadContactsRequest { Batch = new ContactBatch { BatchId = "fuzz-batch", Observations = { phone.HeardFor(DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromMinutes(20), rssi: -60, txPower: -5) } } },
            new ReportCaseRequest { UserId = managerId, TestDate = now, SymptomOnsetDate = now, ReportType = ReportType.Recursive },
            new UploadDiagnosisKeysRequest { VerificationCode = report.VerificationCode, Keys = { phone.GetDiagnosisKeys(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow) } },
            new GetTracingReportRequest { CaseId = report.CaseId },
            new FetchNotificationsRequest { ProvinceCode = "79", MaxResults = 10 },
            new WatchNotificationsRequest { ProvinceCode = "79" },
            new GetMyExposuresRequest(),
            new SubmitSelfAssessmentRequest { VenueId = venue.VenueId, Answers = { SafetyChecklist.For("restaurant").Select(i => new ChecklistAnswer { Item = i.Key, InPlace = true }) } },
            new SubmitFeedbackRequest { VenueId = venue.VenueId, Rating = 4, Comment = "Sạch sẽ" },
            new QuerySafetyMapRequest { RegionCode = "79" },
            new GetCoverageRequest { RegionCode = "79", Date = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) },
            new ListRegionsRequest { ParentCode = "79" },
        ];
        foreach (var message in messages)
            samples._samples.Add(message.Descriptor.FullName, message);
        return samples;
    }
}
