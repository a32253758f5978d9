using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Clients;
using Tracing.Matching.Safety;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The request each cell of the matrix makes: what that role would really send. A call throws the server's
/// <see cref="RpcException"/> when refused; a let-through call checks it got a real answer.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    /// <summary>The ward whose venues are only those the matrix registers, so that a refused registration shows.</summary>
    private const string MatrixWard = "26737";

    private static bool IsPerson(Role role) => role is Role.Citizen or Role.Device or Role.OtherVenueManager or Role.Manager;

    private static DateTimeOffset AMinuteAgo => DateTimeOffset.UtcNow.AddMinutes(-1);

    private static Task RequestOtpAsync(AuthorizationWorld world, Role role)
        => world.Client(role).Auth.RequestOtpAsync(new RequestOtpRequest { Phone = Citizens.NewPhone() }).ResponseAsync;

    private static async Task VerifyOtpAsync(AuthorizationWorld world, Role role)
    {
        var phone = Citizens.NewPhone();
        var mark = world.Outbox.GetPosition();
        await world.Anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone });
        var verify = new VerifyOtpRequest { Phone = phone, Code = await world.Outbox.WaitForCodeAsync(phone, mark, DevelopmentSignIn.DefaultOtpWait) };
        try
        {
            Assert.NotEmpty((await world.Client(role).Auth.VerifyOtpAsync(verify)).AccessToken);
        }
        catch (RpcException)
        {
            // The refused call spent neither the code nor a try: the phone's owner signs in with it.
            Assert.NotEmpty((await world.Anonymous.Auth.VerifyOtpAsync(verify)).AccessToken);
            throw;
        }
    }

    private static async Task RegisterDeviceAsync(AuthorizationWorld world, Role role)
        => Assert.NotEmpty((await world.Client(role).Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "matrix" })).AccessToken);

    /// <summary>A person role signs out a fresh person of its kind: the world's own tokens must outlive the cell.</summary>
    private static async Task SignOutEverywhereAsync(AuthorizationWorld world, Role role)
    {
        if (!IsPerson(role))
        {
            await world.Client(role).Auth.SignOutEverywhereAsync(new SignOutEverywhereRequest());
            return;
        }
        var (fresh, _) = role == Role.Device ? await Citizens.DeviceAsync(world.Server) : await Citizens.SignedInAsync(world.Server, Citizens.NewPhone());
        using (fresh)
            await fresh.Auth.SignOutEverywhereAsync(new SignOutEverywhereRequest());
    }

    private static Task RegisterVenueAsync(AuthorizationWorld world, Role role)
        => Citizens.RegisterVenueAsync(world.Client(role), "Quán Ma Trận", "79", "760", MatrixWard);

    private static async Task GetVenueAsync(AuthorizationWorld world, Role role)
    {
        var venue = (await world.Client(role).Venues.GetVenueAsync(new GetVenueRequest { VenueId = world.VenueA.VenueId })).Venue;
        Assert.Equal(world.VenueA.VenueId, venue.VenueId);
    }

    private static Task ListMyVenuesAsync(AuthorizationWorld world, Role role)
        => world.Client(role).Venues.ListMyVenuesAsync(new ListMyVenuesRequest()).ResponseAsync;

    private static async Task GetVenueQrCodeAsync(AuthorizationWorld world, Role role)
    {
        var code = await world.Client(role).Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = world.VenueA.VenueId, Format = QrFormat.Svg });
        Assert.Equal(world.VenueA.QrPayload, code.Payload);
    }

    private static Task GetPersonalQrCodeAsync(AuthorizationWorld world, Role role)
        => world.Client(role).Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest()).ResponseAsync;

    private static Task SubmitDeclarationAsync(AuthorizationWorld world, Role role)
        => world.Client(role).Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Trịnh Văn Khai Báo",
            BirthYear = 1985,
            Gender = Gender.Male,
            Kind = DeclarationKind.Domestic,
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "26734",
        }).ResponseAsync;

    private static Task GetDeclarationStatusAsync(AuthorizationWorld world, Role role)
        => world.Client(role).Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest()).ResponseAsync;

    private static Task SelfScanAsync(AuthorizationWorld world, Role role)
        => Citizens.ScanAsync(world.Client(role), world.VenueA, Direction.In, AMinuteAgo);

    private static Task ControllerScanAsync(AuthorizationWorld world, Role role)
        => Citizens.ControllerScanAsync(world.Client(role), world.VenueA, world.VisitorQr, Direction.In, AMinuteAgo);

    private static Task ManualEntryAsync(AuthorizationWorld world, Role role)
        => Citizens.ManualEntryAsync(world.Client(role), world.VenueA, new ManualVisitor { FullName = "Bà Tư Không Điện Thoại", Phone = Citizens.NewPhone(), BirthYear = 1950 }, Direction.In, AMinuteAgo);

    private static Task StreamSelfScanAsync(AuthorizationWorld world, Role role)
        => StreamOneScanAsync(world.Client(role), new ScanRequest { QrPayload = world.VenueA.QrPayload, Method = ScanMethod.Self });

    private static Task StreamControllerScanAsync(AuthorizationWorld world, Role role)
        => StreamOneScanAsync(world.Client(role), new ScanRequest { VenueId = world.VenueA.VenueId, SubjectQrPayload = world.VisitorQr, Method = ScanMethod.Controller });

    /// <summary>
    /// One scan through <c>StreamScans</c>. A refused stream fails as a call; a refused scan comes back in its
    /// answer (the stream goes on), and is thrown here with the status its answer names.
    /// </summary>
    private static async Task StreamOneScanAsync(TracingClient client, ScanRequest scan)
    {
        scan.ClientEventId = Guid.NewGuid().ToString();
        scan.Direction = Direction.In;
        scan.ScannedAt = Timestamp.FromDateTimeOffset(AMinuteAgo);
        using var call = client.CheckIn.StreamScans();
        try
        {
            await call.RequestStream.WriteAsync(new StreamScansRequest { Scan = scan });
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ended) when (ended is InvalidOperationException or RpcException)
        {
            // The server ended the call early; the response stream below throws its status.
        }
        var answer = Assert.Single(await Citizens.ReadToEndAsync(call.ResponseStream));
        if (answer.Status == ScanStatus.Rejected)
            throw RejectedScan(answer);
    }

    /// <summary>
    /// A rejected scan's answer as the refusal it stands for: its message (Vietnamese, for the person at the door) as
    /// the status's localized message, so that the matrix checks it as it checks every refusal.
    /// </summary>
    private static RpcException RejectedScan(StreamScansResponse answer)
    {
        var code = System.Enum.Parse<StatusCode>(answer.ErrorCode);
        var details = new Google.Rpc.Status { Code = (int)code, Message = answer.Message };
        details.Details.Add(Any.Pack(new Google.Rpc.LocalizedMessage { Locale = "vi-VN", Message = answer.Message }));
        return new RpcException(new Status(code, answer.Message), new Metadata { { "grpc-status-details-bin", details.ToByteArray() } });
    }

    private static async Task ListScanHistoryAsync(AuthorizationWorld world, Role role)
        => Assert.NotEmpty(await Citizens.HistoryAsync(world.Client(role), world.VenueA.VenueId));

    private static async Task ExportScanHistoryAsync(AuthorizationWorld world, Role role)
    {
        using var call = world.Client(role).CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { world.VenueA.VenueId } });
        Assert.NotEmpty(await Citizens.ReadToEndAsync(call.ResponseStream));
    }

    private static Task ListMyVisitsAsync(AuthorizationWorld world, Role role)
        => world.Client(role).CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest()).ResponseAsync;

    private static async Task UploadContactsAsync(AuthorizationWorld world, Role role)
    {
        var heard = new ContactObservation
        {
            Rpi = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16)),
            SeenAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            DurationSeconds = 300,
            Rssi = -60,
            TxPower = -5,
        };
        var upload = await world.Client(role).UploadContactsAsync([new ContactBatch { BatchId = Guid.NewGuid().ToString("N"), Observations = { heard } }]);
        Assert.Equal(1, upload.Accepted);
    }

    private static async Task ReportCaseAsync(AuthorizationWorld world, Role role)
    {
        var (patient, patientId) = await Citizens.DeviceAsync(world.Server);
        patient.Dispose();
        await world.Client(role).Cases.ReportCaseAsync(new ReportCaseRequest { UserId = patientId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
    }

    /// <summary>A person uploads with the code of their own case; anyone else tries the code of a case's phone.</summary>
    private static async Task UploadDiagnosisKeysAsync(AuthorizationWorld world, Role role)
    {
        var now = DateTimeOffset.UtcNow;
        UploadDiagnosisKeysRequest Upload(string code) => new() { VerificationCode = code, Keys = { new SimulatedPhone().GetDiagnosisKeys(now.AddDays(-3), now) } };
        async Task<string> CodeFor(string userId)
            => (await world.Health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = userId, TestDate = Timestamp.FromDateTimeOffset(now) })).VerificationCode;

        if (IsPerson(role))
        {
            var uploaded = await world.Client(role).Cases.UploadDiagnosisKeysAsync(Upload(await CodeFor(world.UserIdOf(role))));
            Assert.True(uploaded.KeysAccepted > 0);
            return;
        }
        var (patient, patientId) = await Citizens.DeviceAsync(world.Server);
        using (patient)
        {
            var code = await CodeFor(patientId);
            try
            {
                await world.Client(role).Cases.UploadDiagnosisKeysAsync(Upload(code));
            }
            catch (RpcException)
            {
                // The refused upload did not spend the code: the case's own phone still uploads with it.
                Assert.True((await patient.Cases.UploadDiagnosisKeysAsync(Upload(code))).KeysAccepted > 0);
                throw;
            }
        }
    }

    private static async Task GetTracingReportAsync(AuthorizationWorld world, Role role)
        => Assert.NotEmpty((await world.Client(role).Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = world.CaseId })).Exposures);

    private static async Task FetchNotificationsAsync(AuthorizationWorld world, Role role)
        => Assert.NotEmpty((await world.Client(role).Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { ProvinceCode = "79" })).Notifications);

    private static async Task CreateBackupAsync(AuthorizationWorld world, Role role)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tracing-matrix-backups", Guid.NewGuid().ToString("N"));
        try
        {
            var manifest = await Clients.BackupDownload.ToFolderAsync(world.Client(role), folder);
            Assert.Contains(manifest.Files, f => f.Path == "keys/server.key");
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WatchNotificationsAsync(AuthorizationWorld world, Role role)
    {
        // The feed of 79 holds the case's notification, so a watcher let through gets it at once.
        using var call = world.Client(role).Exposures.WatchNotifications(new WatchNotificationsRequest { ProvinceCode = "79" }, deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal("79", call.ResponseStream.Current.Notification.ProvinceCode);
    }

    private static Task GetMyExposuresAsync(AuthorizationWorld world, Role role)
        => world.Client(role).Exposures.GetMyExposuresAsync(new GetMyExposuresRequest()).ResponseAsync;

    private static Task SubmitSelfAssessmentAsync(AuthorizationWorld world, Role role)
    {
        // The manager's answers score 100; anyone else's would score 0, so a refused one that got written would show.
        var assessment = new SubmitSelfAssessmentRequest { VenueId = world.VenueA.VenueId };
        assessment.Answers.AddRange(SafetyChecklist.For(world.VenueA.Category).Select(i => new ChecklistAnswer { Item = i.Key, InPlace = role == Role.Manager }));
        return world.Client(role).Safety.SubmitSelfAssessmentAsync(assessment).ResponseAsync;
    }

    private static Task SubmitFeedbackAsync(AuthorizationWorld world, Role role)
        => world.Client(role).Safety.SubmitFeedbackAsync(new SubmitFeedbackRequest { VenueId = world.VenueA.VenueId, Rating = 4, Comment = "Có quét mã QR ở cửa" }).ResponseAsync;

    private static async Task QuerySafetyMapAsync(AuthorizationWorld world, Role role)
    {
        using var call = world.Client(role).Safety.QuerySafetyMap(new QuerySafetyMapRequest { RegionCode = "79" });
        Assert.Contains(await Citizens.ReadToEndAsync(call.ResponseStream), v => v.VenueId == world.VenueA.VenueId);
    }

    private static async Task GetCoverageAsync(AuthorizationWorld world, Role role)
        => Assert.NotEqual(0, (await world.Client(role).Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79" })).Total.VenuesRegistered);

    private static async Task ListRegionsAsync(AuthorizationWorld world, Role role)
        => Assert.Contains((await world.Client(role).Regions.ListRegionsAsync(new ListRegionsRequest { ParentCode = "79" })).Regions, r => r.Code == world.VenueA.DistrictCode);

    private static Task<string> SmsSentAsync(AuthorizationWorld world)
        => Task.FromResult(world.Outbox.GetPosition().ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<string> VenuesInMatrixWardAsync(AuthorizationWorld world)
    {
        using var call = world.Anonymous.Safety.QuerySafetyMap(new QuerySafetyMapRequest { RegionCode = MatrixWard });
        return $"{(await Citizens.ReadToEndAsync(call.ResponseStream)).Count} venues";
    }

    private static async Task<string> DeclarationsIn79Async(AuthorizationWorld world)
        => $"{(await world.Health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79" })).Total.Declarations} declarations";

    private static async Task<string> ScansAtVenueAAsync(AuthorizationWorld world)
        => $"{(await Citizens.HistoryAsync(world.Health, world.VenueA.VenueId)).Count} scans";

    private static async Task<string> StandingOfVenueAAsync(AuthorizationWorld world)
    {
        using var call = world.Anonymous.Safety.QuerySafetyMap(new QuerySafetyMapRequest { RegionCode = world.VenueA.WardCode });
        var standing = Assert.Single(await Citizens.ReadToEndAsync(call.ResponseStream), v => v.VenueId == world.VenueA.VenueId);
        return $"{standing.Status} {standing.Score} {standing.AssessedAt} {standing.FeedbackCount} feedback";
    }
}
