using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Clients;
using Tracing.Matching;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The limits on request floods, over the real server with small limits and a clock the tests move: each refuses the
/// call after its N with RESOURCE_EXHAUSTED, a message saying when to retry and the retry hint in the trailers; the
/// refused call writes nothing; another phone, device or address goes on; the next window lets the caller in again.
/// </summary>
public sealed class AbuseLimitTests(AbuseLimitTests.LimitedServer fixture) : IClassFixture<AbuseLimitTests.LimitedServer>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private ServerProcess Server => fixture.Server;

    private ManualClock Clock => fixture.Clock;

    [Fact]
    public async Task One_time_passwords_are_limited_per_phone()
    {
        Clock.MoveToNextWindow(Hour);
        using var anonymous = Server.Anonymous();
        var outbox = new SmsOutbox(Server.OutboxPath);
        var phone = Citizens.NewPhone();
        for (var i = 0; i < 2; i++)
        {
            await anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone });
            Clock.Now += TimeSpan.FromSeconds(61); // past the engine's minute between two codes
        }
        var sent = outbox.GetPosition();

        // The same phone written another way is the same phone.
        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = "+84 " + phone[1..] }).ResponseAsync, "this phone", "at most 2 an hour", "try again in 57 min 57 s");
        AssertRetryHint(refusal, TimeSpan.FromHours(1) - TimeSpan.FromSeconds(123));
        // The person reads when to try again in Vietnamese; the retry hint stays in the trailers beside it.
        Assert.Equal("Có quá nhiều yêu cầu gửi mã OTP cho số điện thoại này: tối đa 2 mỗi giờ. Bạn hãy thử lại sau 57 phút 57 giây.", refusal.Vietnamese());
        Assert.Equal(sent, outbox.GetPosition());

        await anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = Citizens.NewPhone() });
        Clock.MoveToNextWindow(Hour);
        await anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone });
    }

    [Theory]
    [InlineData("/tracing.v1.authservice/requestotp")]
    [InlineData("/TRACING.V1.AUTHSERVICE/REQUESTOTP")]
    [InlineData("/Tracing.V1.AuthService/requestOtp")]
    public async Task A_case_variant_of_the_path_is_limited_exactly_like_the_canonical_one(string path)
    {
        // Routing ignores case, so these reach RequestOtp; the limit is keyed on the method the call is bound to.
        Clock.MoveToNextWindow(Hour);
        var outbox = new SmsOutbox(Server.OutboxPath);
        var phone = Citizens.NewPhone();
        using var raw = new RawGrpc(Server.GrpcAddress);
        var request = RawGrpc.Frame(new RequestOtpRequest { Phone = phone }.ToByteArray());
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(StatusCode.OK, (await raw.CallAsync(path, request)).Status);
            Clock.Now += TimeSpan.FromSeconds(61);
        }
        var sent = outbox.GetPosition();

        var refused = await raw.CallAsync(path, request);
        Assert.Equal(StatusCode.ResourceExhausted, refused.Status);
        Assert.Contains("at most 2 an hour", refused.Message, StringComparison.Ordinal);
        // The canonical path shares the count: it is the same method.
        using var anonymous = Server.Anonymous();
        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone }).ResponseAsync, "this phone");
        Assert.Equal(sent, outbox.GetPosition());
    }

    [Fact]
    public async Task One_time_password_guesses_are_limited_per_phone_and_a_refused_check_spends_nothing()
    {
        Clock.MoveToNextWindow(Hour);
        using var anonymous = Server.Anonymous();
        var outbox = new SmsOutbox(Server.OutboxPath);
        var phone = Citizens.NewPhone();
        var mark = outbox.GetPosition();
        await anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone });
        var code = await outbox.WaitForCodeAsync(phone, mark, DevelopmentSignIn.DefaultOtpWait);
        var wrong = code[..^1] + (char)('0' + ((code[^1] - '0' + 1) % 10));
        for (var i = 0; i < 3; i++)
            await Refusals.AssertAsync(StatusCode.PermissionDenied, () => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = wrong }).ResponseAsync, "wrong code");

        // Even the right code waits for the next window: guessing gains nothing from hitting it in a flood.
        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code }).ResponseAsync, "checks for this phone", "at most 3 per 1 min", "try again in 59 s");
        AssertRetryHint(refusal, TimeSpan.FromSeconds(59));

        Assert.NotEmpty((await anonymous.SignInWithOtpAsync(Citizens.NewPhone(), outbox)).AccessToken);
        Clock.MoveToNextWindow(TimeSpan.FromMinutes(1));
        // The refused check neither used the code nor counted as a try.
        Assert.NotEmpty((await anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code })).AccessToken);
    }

    [Fact]
    public async Task Venue_access_requests_which_text_the_registrant_are_limited_per_network_address()
    {
        Clock.MoveToNextWindow(Hour);
        var (registrant, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(registrant, "Quán Xin Quyền");
        // Each asker is another account: the engine's own ration is per asker, this one per address.
        var askers = new List<TracingClient>();
        for (var i = 0; i < 4; i++)
            askers.Add((await Citizens.SignedInAsync(Server, Citizens.NewPhone())).Client);
        Task<RequestVenueAccessResponse> AskFrom(TracingClient asker, string address)
            => asker.Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = venue.VenueId }, new Metadata { { "x-forwarded-for", address } }).ResponseAsync;
        var outbox = new SmsOutbox(Server.OutboxPath);

        await AskFrom(askers[0], "203.0.113.40");
        await AskFrom(askers[1], "203.0.113.40");
        var sent = outbox.GetPosition();
        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => AskFrom(askers[2], "203.0.113.40"), "network address", "at most 2 an hour");
        AssertRetryHint(refusal, TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        Assert.Equal(sent, outbox.GetPosition());
        await AskFrom(askers[3], "203.0.113.41");
    }

    [Fact]
    public async Task Device_registrations_are_limited_per_network_address()
    {
        Clock.MoveToNextWindow(Hour);
        using var anonymous = Server.Anonymous();
        Task<RegisterDeviceResponse> RegisterFrom(string? address)
            => anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "flood" }, address is null ? null : new Metadata { { "x-forwarded-for", address } }).ResponseAsync;

        for (var i = 0; i < 3; i++)
            await RegisterFrom("203.0.113.7");
        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => RegisterFrom("198.51.100.1, 203.0.113.7"), "network address", "at most 3 an hour");
        AssertRetryHint(refusal, TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));

        await RegisterFrom("203.0.113.8");
        // An IPv6 subscriber's /64 is one address, however it steps through it.
        for (var i = 1; i <= 3; i++)
            await RegisterFrom($"2001:db8:7:1::{i}");
        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => RegisterFrom("2001:db8:7:1:ffff:ffff:ffff:ffff"), "network address");
        await RegisterFrom("2001:db8:7:2::1");
        // Operators' tools on the server's own host forward no address and are not limited by one.
        for (var i = 0; i < 5; i++)
            await RegisterFrom(null);
        Clock.MoveToNextWindow(Hour);
        await RegisterFrom("203.0.113.7");
    }

    [Fact]
    public async Task Contact_uploads_are_limited_per_device_and_day_and_a_refused_one_stores_nothing()
    {
        Clock.MoveToNextWindow(Day);
        var (phone, _) = await Citizens.DeviceAsync(Server);
        var (otherPhone, _) = await Citizens.DeviceAsync(Server);
        var uploaded = new[] { RandomRpi(), RandomRpi() };
        foreach (var rpi in uploaded)
            Assert.Equal(1, (await phone.UploadContactsAsync([Batch(rpi)])).Accepted);

        var refused = RandomRpi();
        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => phone.UploadContactsAsync([Batch(refused)]), "contact uploads from this device", "at most 2 a day", "try again in 23 h 59 min");
        AssertRetryHint(refusal, TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        var engine = Server.Services.GetRequiredService<TracingEngine>();
        engine.Contacts.CatchUp();
        Assert.All(uploaded, rpi => Assert.NotEmpty(engine.Contacts.SightingsOf(rpi.ToByteArray())));
        Assert.Empty(engine.Contacts.SightingsOf(refused.ToByteArray()));

        Assert.Equal(1, (await otherPhone.UploadContactsAsync([Batch(RandomRpi())])).Accepted);
        Clock.MoveToNextWindow(Day);
        Assert.Equal(1, (await phone.UploadContactsAsync([Batch(refused)])).Accepted);
        phone.Dispose();
        otherPhone.Dispose();
    }

    [Fact]
    public async Task Contact_observations_are_limited_per_device_and_day_however_many_batches_one_call_streams()
    {
        Clock.MoveToNextWindow(Day);
        var (phone, _) = await Citizens.DeviceAsync(Server);
        var (otherPhone, _) = await Citizens.DeviceAsync(Server);
        var batches = Enumerable.Range(0, 4).Select(_ => Batch(RandomRpi(), RandomRpi())).ToList();

        // One call, four batches of two: the fourth passes the 6 a day; the three before it are kept.
        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => phone.UploadContactsAsync(batches), "contact observations uploaded from this device", "at most 6 a day", "try again in 23 h 59 min");
        AssertRetryHint(refusal, TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));
        var engine = Server.Services.GetRequiredService<TracingEngine>();
        engine.Contacts.CatchUp();
        Assert.All(batches.Take(3).SelectMany(b => b.Observations), o => Assert.NotEmpty(engine.Contacts.SightingsOf(o.Rpi.ToByteArray())));
        Assert.All(batches[3].Observations, o => Assert.Empty(engine.Contacts.SightingsOf(o.Rpi.ToByteArray())));

        Assert.Equal(2, (await otherPhone.UploadContactsAsync([Batch(RandomRpi(), RandomRpi())])).Accepted);
        Clock.MoveToNextWindow(Day);
        Assert.Equal(2, (await phone.UploadContactsAsync([batches[3]])).Accepted);
        phone.Dispose();
        otherPhone.Dispose();
    }

    [Fact]
    public async Task Verification_code_guesses_are_limited_per_device_and_a_refused_upload_spends_no_code()
    {
        Clock.MoveToNextWindow(Hour);
        var (patient, patientId) = await Citizens.DeviceAsync(Server);
        var (otherPatient, otherPatientId) = await Citizens.DeviceAsync(Server);
        var code = await ReportCaseAsync(patientId);
        var wrong = code[..^1] + (char)('0' + ((code[^1] - '0' + 1) % 10));
        for (var i = 0; i < 2; i++)
            await Refusals.AssertAsync(StatusCode.PermissionDenied, () => UploadKeysAsync(patient, wrong), "verification code");

        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => UploadKeysAsync(patient, code), "key uploads from this device", "at most 2 per 10 min", "try again in 9 min 59 s");
        AssertRetryHint(refusal, TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));

        Assert.True((await UploadKeysAsync(otherPatient, await ReportCaseAsync(otherPatientId))).KeysAccepted > 0);
        Clock.MoveToNextWindow(TimeSpan.FromMinutes(10));
        // Still within the code's 15 minutes, which the refused upload did not spend.
        Assert.True((await UploadKeysAsync(patient, code)).KeysAccepted > 0);
        patient.Dispose();
        otherPatient.Dispose();
    }

    [Fact]
    public async Task Case_reports_are_capped_per_health_department_key_and_day()
    {
        Clock.MoveToNextWindow(Day);
        using var province01 = Server.WithApiKey(ServerProcess.OtherProvinceHealthKey);
        var people = new List<string>();
        for (var i = 0; i < 4; i++)
            people.Add((await Citizens.DeviceAsync(Server)).UserId);
        Task<ReportCaseResponse> Report(TracingClient department, string userId)
            => department.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = userId, TestDate = Timestamp.FromDateTimeOffset(Clock.Now) }).ResponseAsync;

        for (var i = 0; i < 3; i++)
            await Report(province01, people[i]);
        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => Report(province01, people[3]), "cases reported with this key", "at most 3 a day", "try again in 23 h 59 min");
        AssertRetryHint(refusal, TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));

        // Another department's key goes on; the next day this one does too.
        using var province79 = Server.WithApiKey(ServerProcess.HealthKey);
        await Report(province79, people[3]);
        Clock.MoveToNextWindow(Day);
        await Report(province01, people[3]);
    }

    [Fact]
    public async Task Feedback_is_limited_per_person_and_a_refused_one_is_not_counted()
    {
        Clock.MoveToNextWindow(Day);
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venues = new List<Venue>();
        for (var i = 0; i < 3; i++)
            venues.Add(await Citizens.RegisterVenueAsync(manager, $"Quán Góp Ý {i}"));
        var (critic, _) = await Citizens.DeviceAsync(Server);
        var (neighbour, _) = await Citizens.DeviceAsync(Server);
        Task<SubmitFeedbackResponse> Feedback(TracingClient person, Venue venue)
            => person.Safety.SubmitFeedbackAsync(new SubmitFeedbackRequest { VenueId = venue.VenueId, Rating = 2 }).ResponseAsync;

        await Feedback(critic, venues[0]);
        await Feedback(critic, venues[1]);
        var refusal = await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => Feedback(critic, venues[2]), "feedback sent from this device", "at most 2 a day");
        AssertRetryHint(refusal, TimeSpan.FromDays(1) - TimeSpan.FromSeconds(1));

        Assert.Equal(1, (await Feedback(neighbour, venues[2])).FeedbackCount);
        Clock.MoveToNextWindow(Day);
        Assert.Equal(2, (await Feedback(critic, venues[2])).FeedbackCount);
        manager.Dispose();
        critic.Dispose();
        neighbour.Dispose();
    }

    /// <summary>The refusal's trailers tell a client when to retry: in seconds, and in milliseconds for gRPC retry policies.</summary>
    private static void AssertRetryHint(RpcException refusal, TimeSpan wait)
    {
        Assert.Equal(((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture), refusal.Trailers.GetValue("retry-after"));
        Assert.Equal(((long)wait.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture), refusal.Trailers.GetValue("grpc-retry-pushback-ms"));
    }

    private static ByteString RandomRpi() => ByteString.CopyFrom(RandomNumberGenerator.GetBytes(16));

    private ContactBatch Batch(params ByteString[] rpis)
    {
        var batch = new ContactBatch { BatchId = Guid.NewGuid().ToString("N") };
        foreach (var rpi in rpis)
            batch.Observations.Add(new ContactObservation { Rpi = rpi, SeenAt = Timestamp.FromDateTimeOffset(Clock.Now.AddHours(-1)), DurationSeconds = 300, Rssi = -60, TxPower = -5 });
        return batch;
    }

    private async Task<string> ReportCaseAsync(string userId)
    {
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        return (await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = userId, TestDate = Timestamp.FromDateTimeOffset(Clock.Now) })).VerificationCode;
    }

    private Task<UploadDiagnosisKeysResponse> UploadKeysAsync(TracingClient patient, string code)
        => patient.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest
        {
            VerificationCode = code,
            Keys = { new SimulatedPhone().GetDiagnosisKeys(Clock.Now.AddDays(-3), Clock.Now) },
        }).ResponseAsync;

    /// <summary>One server with small limits and a clock the tests move, shared by the class.</summary>
    public sealed class LimitedServer : IAsyncLifetime
    {
        private ServerProcess? _server;

        public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public ServerProcess Server => _server ?? throw new InvalidOperationException("The server did not start.");

        public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(
            builder => builder.Services.AddSingleton<TimeProvider>(Clock),
            "--Tracing:Limits:OtpRequestsPerPhone:PermitLimit=2",
            "--Tracing:Limits:OtpChecksPerPhone:PermitLimit=3",
            "--Tracing:Limits:OtpChecksPerPhone:Window=00:01:00",
            "--Tracing:Limits:DeviceRegistrationsPerAddress:PermitLimit=3",
            "--Tracing:Limits:VenueAccessRequestsPerAddress:PermitLimit=2",
            "--Tracing:Limits:ContactUploadsPerDevice:PermitLimit=2",
            "--Tracing:Limits:KeyUploadsPerDevice:PermitLimit=2",
            "--Tracing:Limits:KeyUploadsPerDevice:Window=00:10:00",
            "--Tracing:Limits:FeedbackPerPerson:PermitLimit=2",
            "--Tracing:Limits:CasesPerKey:PermitLimit=3",
            "--Tracing:Limits:ObservationsPerDevice:PermitLimit=6");

        public async Task DisposeAsync()
        {
            if (_server is not null)
                await _server.DisposeAsync();
        }
    }
}
