using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// What the server refuses, over the real server: forged QR codes, people acting beyond their role, wrong or spent
/// verification codes, malformed input. Each refusal has the right gRPC status and a message saying what to do,
/// nothing refused is recorded, and the server keeps serving afterwards.
/// </summary>
public sealed class NegativeCaseTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_forged_venue_QR_is_refused_and_records_nothing()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Tiệm Bánh Mì Hồng Hoa");
        var other = await Citizens.RegisterVenueAsync(manager, "Tiệm Tạp Hóa Minh");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Trần Thị Giả");
        var signature = venue.QrPayload[(venue.QrPayload.LastIndexOf('.') + 1)..];
        var lastChar = signature[^1] == 'A' ? 'B' : 'A';

        string[] forgeries =
        [
            venue.QrPayload[..^1] + lastChar,                                   // signature changed
            venue.QrPayload.Replace(venue.VenueId, other.VenueId, StringComparison.Ordinal), // venue id altered, signature kept
            venue.QrPayload[..venue.QrPayload.LastIndexOf('.')],                // signature removed
            "https://evil.example/v/" + venue.VenueId + ".AAAAAAAAAAAAAAAAAAAAAA",
            "Xin chào, đây không phải mã QR của địa điểm",
        ];
        foreach (var forged in forgeries)
        {
            await Refusals.AssertAsync(
                StatusCode.InvalidArgument,
                () => visitor.CheckIn.ScanAsync(SelfScan(forged, DateTimeOffset.UtcNow.AddMinutes(-1))).ResponseAsync,
                "QR");
        }

        Assert.Empty(await Citizens.VisitsAsync(visitor));
        Assert.Empty(await Citizens.HistoryAsync(manager, venue.VenueId, other.VenueId));
        // The genuine code still works for the same person.
        var genuine = await Citizens.ScanAsync(visitor, venue, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(ScanStatus.Accepted, genuine.Status);
    }

    [Fact]
    public async Task A_forged_personal_QR_is_refused_in_controller_mode()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Siêu thị Co.opmart");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Ngô Văn Thật");
        var (_, otherId) = await Citizens.DeclaredDeviceAsync(Server, "Ngô Văn Khác");
        var personal = (await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest())).Payload;
        var visitorId = personal["TRACING:P:".Length..personal.LastIndexOf('.')];

        string[] forgeries =
        [
            personal.Replace(visitorId, otherId, StringComparison.Ordinal), // someone else's id under this signature
            personal[..^1] + (personal[^1] == 'A' ? 'B' : 'A'),
            "TRACING:P:" + otherId,
            venue.QrPayload, // a venue code is not a personal code
            "khong phai ma ca nhan",
        ];
        foreach (var forged in forgeries)
        {
            await Refusals.AssertAsync(
                StatusCode.InvalidArgument,
                () => Citizens.ControllerScanAsync(manager, venue, forged, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-1)),
                "QR");
        }

        Assert.Empty(await Citizens.HistoryAsync(manager, venue.VenueId));
    }

    [Fact]
    public async Task Only_a_venues_managers_may_scan_visitors_or_type_them_in()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà thuốc Long Châu");
        var (stranger, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Đinh Văn Khách");
        var personal = (await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest())).Payload;

        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => Citizens.ControllerScanAsync(stranger, venue, personal, Direction.In, DateTimeOffset.UtcNow),
            "manager");
        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => Citizens.ManualEntryAsync(stranger, venue, new ManualVisitor { FullName = "Bà Năm", Phone = Citizens.NewPhone(), BirthYear = 1945 }, Direction.In, DateTimeOffset.UtcNow),
            "manager");
        // A visitor cannot check others in with their own phone either.
        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => Citizens.ControllerScanAsync(visitor, venue, personal, Direction.In, DateTimeOffset.UtcNow),
            "manager");

        Assert.Empty(await Citizens.HistoryAsync(manager, venue.VenueId));
    }

    [Fact]
    public async Task A_wrong_verification_code_is_refused_and_does_not_spend_the_right_one()
    {
        var (patient, patientId) = await Citizens.DeclaredDeviceAsync(Server, "Phan Văn Bệnh");
        var code = (await ReportCaseAsync(patientId)).VerificationCode;
        var phone = new SimulatedPhone(seed: 101);

        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => UploadKeysAsync(patient, WrongCode(code), phone),
            "verification code");
        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => UploadKeysAsync(patient, "12ab", phone),
            "verification code");

        var upload = await UploadKeysAsync(patient, code, phone);
        Assert.Equal(4, upload.KeysAccepted);
    }

    [Fact]
    public async Task A_verification_code_uploads_keys_once()
    {
        var (patient, patientId) = await Citizens.DeclaredDeviceAsync(Server, "Lý Thị Một Lần");
        var code = (await ReportCaseAsync(patientId)).VerificationCode;
        var phone = new SimulatedPhone(seed: 102);
        await UploadKeysAsync(patient, code, phone);

        await Refusals.AssertAsync(
            StatusCode.FailedPrecondition,
            () => UploadKeysAsync(patient, code, phone),
            "already used");
    }

    [Fact]
    public async Task A_verification_code_works_only_from_the_reported_persons_device()
    {
        var (patient, patientId) = await Citizens.DeclaredDeviceAsync(Server, "Vương Văn Chủ");
        var (someoneElse, _) = await Citizens.DeclaredDeviceAsync(Server, "Vương Văn Mượn");
        var code = (await ReportCaseAsync(patientId)).VerificationCode;

        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => UploadKeysAsync(someoneElse, code, new SimulatedPhone(seed: 103)),
            "another person");

        // Someone else's attempt did not spend the code.
        var upload = await UploadKeysAsync(patient, code, new SimulatedPhone(seed: 104));
        Assert.Equal(4, upload.KeysAccepted);
    }

    [Fact]
    public async Task Guessing_verification_codes_is_stopped_after_five_wrong_tries()
    {
        var (patient, patientId) = await Citizens.DeclaredDeviceAsync(Server, "Tạ Văn Đoán");
        var code = (await ReportCaseAsync(patientId)).VerificationCode;
        var phone = new SimulatedPhone(seed: 105);
        var wrong = WrongCode(code);
        for (var i = 0; i < 5; i++)
            await Refusals.AssertAsync(StatusCode.PermissionDenied, () => UploadKeysAsync(patient, wrong, phone), "verification code");

        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => UploadKeysAsync(patient, wrong, phone), "try again");
        // Locked out: even the right code waits, so the 8 digits cannot be brute-forced.
        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => UploadKeysAsync(patient, code, phone), "try again");
    }

    [Fact]
    public async Task Only_health_departments_report_cases_and_read_tracing_reports()
    {
        var (citizen, citizenId) = await Citizens.DeclaredDeviceAsync(Server, "Hồ Văn Dân");
        using var anonymous = Server.Anonymous();
        using var partner = Server.WithApiKey(ServerProcess.PartnerKey);
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var report = new ReportCaseRequest { UserId = citizenId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };

        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => citizen.Cases.ReportCaseAsync(report).ResponseAsync, "health department");
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => anonymous.Cases.ReportCaseAsync(report).ResponseAsync, "x-api-key");
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => partner.Cases.ReportCaseAsync(report).ResponseAsync, "health department");

        var reported = await health.Cases.ReportCaseAsync(report);
        var read = new GetTracingReportRequest { CaseId = reported.CaseId };
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => citizen.Cases.GetTracingReportAsync(read).ResponseAsync, "health department");
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => anonymous.Cases.GetTracingReportAsync(read).ResponseAsync, "x-api-key");
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => partner.Cases.GetTracingReportAsync(read).ResponseAsync, "health department");
        Assert.Equal(reported.CaseId, (await health.Cases.GetTracingReportAsync(read)).CaseId);
    }

    [Fact]
    public async Task A_contact_upload_refused_while_the_phone_is_still_sending_reports_why_however_the_writes_end()
    {
        using var anonymous = Server.Anonymous();
        var heard = new ContactObservation
        {
            Rpi = ByteString.CopyFrom(new byte[16]),
            SeenAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)),
            DurationSeconds = 300,
            Rssi = -60,
            TxPower = -5,
        };
        // The server refuses the call at once; the phone is still writing batches when it does, and a write that
        // meets the stream's reset fails with a bare CANCELLED. The client must report the server's reason instead.
        var batches = Enumerable.Range(0, 200).Select(b => new ContactBatch { BatchId = $"b{b}", Observations = { Enumerable.Repeat(heard, 500) } }).ToList();
        for (var attempt = 0; attempt < 10; attempt++)
            await Refusals.AssertAsync(StatusCode.Unauthenticated, () => anonymous.UploadContactsAsync(batches));
    }

    [Fact]
    public async Task Unknown_api_keys_and_bad_bearer_tokens_are_unauthenticated()
    {
        var report = new ReportCaseRequest { Phone = "0966323123", TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        using var unknownKey = Server.WithApiKey("not-a-configured-key");
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => unknownKey.Cases.ReportCaseAsync(report).ResponseAsync, "x-api-key");
        await Refusals.AssertAsync(
            StatusCode.Unauthenticated,
            () => unknownKey.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest()).ResponseAsync,
            "x-api-key");

        var (person, _) = await Citizens.DeclaredDeviceAsync(Server, "Mai Văn Thẻ");
        var token = Citizens.TokenOf(person);
        var lastDot = token.LastIndexOf('.');
        var firstDot = token.IndexOf('.', StringComparison.Ordinal);
        string[] badTokens =
        [
            "not-a-token",
            token[..^1] + (token[^1] == 'A' ? 'B' : 'A'),                        // signature changed
            token[..firstDot] + ".9999999999" + token[lastDot..],               // expiry pushed out
            "u-someoneelse" + token[firstDot..],                                // user id changed
        ];
        foreach (var bad in badTokens)
        {
            using var client = Server.WithToken(bad);
            await Refusals.AssertAsync(
                StatusCode.Unauthenticated,
                () => client.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest()).ResponseAsync,
                "sign in");
        }

        // A header that is not "Bearer <token>" is refused too.
        using var anonymous = Server.Anonymous();
        await Refusals.AssertAsync(
            StatusCode.Unauthenticated,
            () => anonymous.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest(), new Metadata { { "authorization", "Basic dXNlcjpwYXNz" } }).ResponseAsync,
            "Bearer");
        // The genuine token still works.
        Assert.True((await person.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest())).Valid);
    }

    [Fact]
    public async Task Health_departments_and_partners_are_held_to_their_province()
    {
        var (_, patientId) = await Citizens.DeclaredDeviceAsync(Server, "Kiều Văn Tỉnh");
        using var health79 = Server.WithApiKey(ServerProcess.HealthKey);
        using var health01 = Server.WithApiKey(ServerProcess.OtherProvinceHealthKey);
        using var partner79 = Server.WithApiKey(ServerProcess.PartnerKey);
        var reported = await health79.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = patientId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });

        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => health01.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = reported.CaseId }).ResponseAsync,
            "province");
        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => partner79.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { ProvinceCode = "01" }).ResponseAsync,
            "79");
        using var watch = partner79.Exposures.WatchNotifications(new WatchNotificationsRequest { ProvinceCode = "01" });
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => watch.ResponseStream.MoveNext(CancellationToken.None), "79");

        // Their own province is fine.
        await partner79.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { ProvinceCode = "79" });
        Assert.Equal(reported.CaseId, (await health79.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = reported.CaseId })).CaseId);
    }

    [Fact]
    public async Task An_anonymous_device_cannot_register_venues()
    {
        var (device, _) = await Citizens.DeclaredDeviceAsync(Server, "Thiết Bị Ẩn Danh");
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => Citizens.RegisterVenueAsync(device, "Quán Ẩn Danh"), "phone");
        Assert.Empty((await device.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues);

        using var anonymous = Server.Anonymous();
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => Citizens.RegisterVenueAsync(anonymous, "Quán Không Tên"), "sign in");
    }

    [Theory]
    [InlineData("99", "760", "26734", "province_code")]
    [InlineData("7", "760", "26734", "province_code")]
    [InlineData("", "760", "26734", "province_code")]
    [InlineData("79", "12", "26734", "district_code")]
    [InlineData("79", "76a", "26734", "district_code")]
    [InlineData("79", "760", "abc", "ward_code")]
    [InlineData("79", "760", "267345", "ward_code")]
    public async Task Bad_region_codes_are_refused(string province, string district, string ward, string field)
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        await Refusals.AssertAsync(
            StatusCode.InvalidArgument,
            () => manager.Venues.RegisterVenueAsync(new RegisterVenueRequest
            {
                Name = "Quán Sai Mã",
                ProvinceCode = province,
                DistrictCode = district,
                WardCode = ward,
                StreetAddress = "2 Hai Bà Trưng",
                RegistrantName = "Nguyễn Văn Quản",
            }).ResponseAsync,
            field);
        Assert.Empty((await manager.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues);
    }

    [Fact]
    public async Task Scans_from_the_future_or_beyond_retention_are_refused()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Cửa hàng Thời Gian");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Lê Văn Đồng Hồ");

        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => Citizens.ScanAsync(visitor, venue, Direction.In, DateTimeOffset.UtcNow.AddHours(2)), "scanned_at", "future");
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => Citizens.ScanAsync(visitor, venue, Direction.In, DateTimeOffset.UtcNow.AddDays(-22)), "scanned_at", "21");
        await Refusals.AssertAsync(
            StatusCode.InvalidArgument,
            () => visitor.CheckIn.ScanAsync(new ScanRequest { ClientEventId = "no-time", QrPayload = venue.QrPayload, Direction = Direction.In, Method = ScanMethod.Self }).ResponseAsync,
            "scanned_at");

        Assert.Empty(await Citizens.VisitsAsync(visitor));
        Assert.Empty(await Citizens.HistoryAsync(manager, venue.VenueId));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("79.")]
    [InlineData("79.-1")]
    [InlineData("79.abc")]
    [InlineData("01.3")]
    [InlineData("*.3")]
    public async Task A_malformed_after_token_is_refused(string token)
    {
        using var partner = Server.WithApiKey(ServerProcess.PartnerKey);
        await Refusals.AssertAsync(
            StatusCode.InvalidArgument,
            () => partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { AfterToken = token }).ResponseAsync,
            "after_token");
    }

    [Fact]
    public async Task Observations_with_malformed_identifiers_are_rejected_and_never_matched()
    {
        var (patient, patientId) = await Citizens.DeclaredDeviceAsync(Server, "Quách Văn Phát");
        var (listener, listenerId) = await Citizens.DeclaredDeviceAsync(Server, "Quách Thị Nghe");
        var patientPhone = new SimulatedPhone(seed: 106);
        var noon = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1).AddHours(12);
        // 40 minutes within 1 m: enough for an F1 several times over, had the observations been stored.
        var heard = patientPhone.HeardFor(noon, TimeSpan.FromMinutes(40), rssi: -55, txPower: -5);
        var badRpi = heard.Select(o =>
        {
            var bad = o.Clone();
            bad.Rpi = ByteString.CopyFrom([.. o.Rpi.ToByteArray(), 0x00]); // 17 bytes
            return bad;
        });
        var badAem = heard.Select(o =>
        {
            var bad = o.Clone();
            bad.Aem = ByteString.CopyFrom(o.Aem.ToByteArray()[..3]); // 3 bytes
            return bad;
        });
        var shortRpi = heard.Select(o =>
        {
            var bad = o.Clone();
            bad.Rpi = ByteString.CopyFrom(o.Rpi.ToByteArray()[..15]);
            return bad;
        });

        var upload = await listener.UploadContactsAsync(
        [
            new ContactBatch { BatchId = Guid.NewGuid().ToString("N"), Observations = { badRpi } },
            new ContactBatch { BatchId = Guid.NewGuid().ToString("N"), Observations = { badAem, shortRpi } },
        ]);
        Assert.Equal(0, upload.Accepted);
        Assert.Equal(heard.Count * 3, upload.Rejected);
        Assert.Contains(upload.RejectionReasons, r => r.Contains("rpi", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(upload.RejectionReasons, r => r.Contains("aem", StringComparison.OrdinalIgnoreCase));

        var report = await ReportCaseAsync(patientId);
        var keys = await patient.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest
        {
            VerificationCode = report.VerificationCode,
            Keys = { patientPhone.GetDiagnosisKeys(noon.AddDays(-1), DateTimeOffset.UtcNow) },
        });
        Assert.Equal(0, keys.ExposuresFound);
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        Assert.True(tracing.KeysUploaded);
        Assert.DoesNotContain(tracing.Exposures, e => e.UserId == listenerId);
        Assert.Empty((await listener.Exposures.GetMyExposuresAsync(new GetMyExposuresRequest())).Notifications);
    }

    [Fact]
    public async Task A_batch_over_ten_thousand_observations_is_refused()
    {
        var (listener, _) = await Citizens.DeclaredDeviceAsync(Server, "Tống Văn Nhiều");
        var seen = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1));
        var batch = new ContactBatch { BatchId = Guid.NewGuid().ToString("N") };
        for (var i = 0; i < 10_001; i++)
            batch.Observations.Add(new ContactObservation { Rpi = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()), SeenAt = seen, DurationSeconds = 60, Rssi = -60, TxPower = -5 });

        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => listener.UploadContactsAsync([batch]), "batch", "split");

        // Exactly 10,000 is fine.
        batch.Observations.RemoveAt(0);
        batch.BatchId = Guid.NewGuid().ToString("N");
        var upload = await listener.UploadContactsAsync([batch]);
        Assert.Equal(10_000, upload.Accepted);
    }

    [Fact]
    public async Task After_a_barrage_of_bad_calls_the_server_still_serves()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Sau Bão");
        var (visitor, visitorId) = await Citizens.DeclaredDeviceAsync(Server, "Bạch Văn Bền");
        using var anonymous = Server.Anonymous();
        using var partner = Server.WithApiKey(ServerProcess.PartnerKey);
        using var unknown = Server.WithApiKey("nope");

        var bad = new List<Func<Task>>
        {
            () => visitor.CheckIn.ScanAsync(SelfScan("rác", DateTimeOffset.UtcNow)).ResponseAsync,
            () => visitor.CheckIn.ScanAsync(new ScanRequest()).ResponseAsync,
            () => visitor.CheckIn.ScanAsync(new ScanRequest { ClientEventId = new string('x', 500), QrPayload = venue.QrPayload, Direction = Direction.In, Method = ScanMethod.Self, ScannedAt = new Timestamp { Seconds = -5 } }).ResponseAsync,
            () => visitor.CheckIn.ScanAsync(new ScanRequest { ClientEventId = "e", QrPayload = venue.QrPayload, Direction = (Direction)42, Method = (ScanMethod)42, ScannedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) }).ResponseAsync,
            () => visitor.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest { VerificationCode = "", Keys = { new DiagnosisKey { KeyData = ByteString.CopyFrom(new byte[3]), RollingPeriod = -1, RollingStartIntervalNumber = -7 } } }).ResponseAsync,
            () => visitor.UploadContactsAsync([new ContactBatch { BatchId = new string('b', 300) }]),
            () => visitor.UploadContactsAsync([new ContactBatch { Observations = { new ContactObservation { SeenAt = new Timestamp { Seconds = long.MaxValue } } } }]),
            () => anonymous.Cases.ReportCaseAsync(new ReportCaseRequest()).ResponseAsync,
            () => unknown.Cases.GetTracingReportAsync(new GetTracingReportRequest()).ResponseAsync,
            () => partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { AfterToken = "\0\0", MaxResults = -3 }).ResponseAsync,
            () => partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { ProvinceCode = "zz" }).ResponseAsync,
            () => manager.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = "v-does-not-exist" }).ResponseAsync,
            () => manager.Venues.GetVenueAsync(new GetVenueRequest()).ResponseAsync,
            () => manager.Safety.SubmitFeedbackAsync(new SubmitFeedbackRequest()).ResponseAsync,
            () => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = "0966323999", Code = "000000" }).ResponseAsync,
            () => anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = "12" }).ResponseAsync,
        };
        foreach (var call in bad)
        {
            var refusal = await Assert.ThrowsAsync<RpcException>(call);
            Assert.NotEqual(StatusCode.Internal, refusal.StatusCode);
            Assert.NotEqual(StatusCode.Unknown, refusal.StatusCode);
        }

        using var channel = GrpcChannel.ForAddress(Server.GrpcAddress);
        var health = new Health.HealthClient(channel);
        var status = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, status.Status);

        // And real work still goes through.
        var scan = await Citizens.ScanAsync(visitor, venue, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.Equal(ScanStatus.Accepted, scan.Status);
        Assert.Contains(await Citizens.HistoryAsync(manager, venue.VenueId), r => r.Method == ScanMethod.Self);
        _ = visitorId;
    }

    private static ScanRequest SelfScan(string payload, DateTimeOffset at) => new()
    {
        ClientEventId = Guid.NewGuid().ToString(),
        QrPayload = payload,
        Direction = Direction.In,
        ScannedAt = Timestamp.FromDateTimeOffset(at),
        Method = ScanMethod.Self,
    };

    private async Task<ReportCaseResponse> ReportCaseAsync(string userId)
    {
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        return await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = userId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
    }

    private static string WrongCode(string code) => code[..^1] + (char)('0' + ((code[^1] - '0' + 1) % 10));

    private static Task<UploadDiagnosisKeysResponse> UploadKeysAsync(TracingClient patient, string code, SimulatedPhone phone)
        => patient.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest
        {
            VerificationCode = code,
            Keys = { phone.GetDiagnosisKeys(DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow) },
        }).ResponseAsync;
}
