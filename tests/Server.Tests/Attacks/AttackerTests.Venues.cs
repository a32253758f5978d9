using System.Text.Json;
using Grpc.Core;
using Tracing.Clients;
using Tracing.Matching.Safety;
using Tracing.V1;

namespace Tracing.Server.Tests.Attacks;

/// <summary>
/// Hole 1, taking over a venue: venue ids are public (poster, safety map, QR payload), so a stranger with a verified
/// phone and the id must get nothing a manager gets — until the registrant approves with the code sent to their
/// phone, or a manager adds them; and a removed co-manager loses it all again.
/// </summary>
public sealed partial class AttackerTests
{
    [Fact]
    public async Task A_stranger_with_a_verified_phone_and_the_public_venue_id_gets_nothing_a_manager_gets()
    {
        var (owner, _, venue) = await VenueOfNewOwnerAsync("Quán Cơm Không Bị Chiếm");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Đặng Thị Khách");
        var visitorQr = (await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest())).Payload;
        await Citizens.ScanAsync(visitor, venue, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-5));
        var (stranger, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var standingBefore = await StandingAsync(venue);

        // Knowing the id is not consent.
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => stranger.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId }).ResponseAsync, "RequestVenueAccess");
        Assert.DoesNotContain((await stranger.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues, v => v.VenueId == venue.VenueId);

        await AssertLockedOutAsync(stranger, venue, visitorQr);
        Assert.Equal(standingBefore, await StandingAsync(venue));
        // The owner's own view is untouched: one manager, and the visitor's scan.
        Assert.Single((await owner.Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = venue.VenueId })).Managers);
        Assert.Single(await Citizens.HistoryAsync(owner, venue.VenueId));
    }

    [Fact]
    public async Task A_stranger_cannot_name_someone_elses_phone_as_registrant_so_approval_codes_never_go_to_a_stranger()
    {
        var (stranger, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var victim = Citizens.NewPhone();
        var registration = new RegisterVenueRequest
        {
            Name = "Quán Mạo Danh",
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "26734",
            StreetAddress = "9 Lê Lợi",
            RegistrantName = "Người Bị Mạo Danh",
            RegistrantPhone = victim,
        };
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => stranger.Venues.RegisterVenueAsync(registration).ResponseAsync, "registrant_phone", "your own");
    }

    [Fact]
    public async Task Access_comes_only_with_the_registrants_approval_code_and_goes_when_the_registrant_removes_it()
    {
        var (owner, ownerPhone, venue) = await VenueOfNewOwnerAsync("Tiệm Tạp Hoá Cô Ba");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Phan Văn Ghé");
        await Citizens.ScanAsync(visitor, venue, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-5));
        var visitorQr = (await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest())).Payload;
        var askerPhone = Citizens.NewPhone();
        var (asker, askerId) = await Citizens.SignedInAsync(Server, askerPhone);

        // The request sends a code to the registrant's phone, saying in Vietnamese who asks (masked) for which venue.
        var mark = Outbox.GetPosition();
        var sent = await asker.Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = venue.VenueId });
        Assert.Equal(ownerPhone[..4] + " " + ownerPhone[4..^3] + " ***", sent.RegistrantPhone);
        var code = await Outbox.WaitForCodeAsync(ownerPhone, mark, DevelopmentSignIn.DefaultOtpWait);
        var text = SmsTextTo(ownerPhone, mark);
        // The registrant sees who asks, whole: they decide whom they let in (the asker gave their phone by asking).
        Assert.Contains(askerPhone, text, StringComparison.Ordinal);
        Assert.Contains(venue.Name, text, StringComparison.Ordinal);
        Assert.Contains("xin quyen quan ly", text, StringComparison.Ordinal);
        Assert.Null(Outbox.FindNewestCode(askerPhone, mark));

        // A wrong code is refused and lets no one in; someone else cannot use the asker's code.
        var wrong = code == "000000" ? "111111" : "000000";
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => asker.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, ApprovalCode = wrong }).ResponseAsync, "tries left");
        var (other, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        await Refusals.AssertAsync(StatusCode.FailedPrecondition, () => other.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, ApprovalCode = code }).ResponseAsync, "RequestVenueAccess");
        await AssertLockedOutAsync(asker, venue, visitorQr);

        // The right code (the registrant agreed and passed it on) makes the asker a co-manager.
        var added = await asker.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, ApprovalCode = code });
        Assert.True(added.Manager.You);
        Assert.False(added.Manager.Registrant);
        Assert.NotEmpty(await Citizens.HistoryAsync(asker, venue.VenueId));
        Assert.NotEmpty((await asker.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venue.VenueId })).Venue.RegistrantPhone);
        // A used code is spent.
        await Refusals.AssertAsync(StatusCode.FailedPrecondition, () => other.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, ApprovalCode = code }).ResponseAsync);

        // The co-manager cannot remove the registrant; the registrant removes the co-manager, who loses everything.
        var managers = (await asker.Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = venue.VenueId })).Managers;
        var registrant = Assert.Single(managers, m => m.Registrant);
        Assert.EndsWith("***", registrant.Phone, StringComparison.Ordinal);
        Assert.Equal(askerPhone, Assert.Single(managers, m => m.You).Phone);
        await Refusals.AssertAsync(StatusCode.FailedPrecondition, () => asker.Venues.RemoveVenueManagerAsync(new RemoveVenueManagerRequest { VenueId = venue.VenueId, UserId = registrant.UserId }).ResponseAsync, "registrant");
        await Refusals.AssertAsync(StatusCode.FailedPrecondition, () => owner.Venues.RemoveVenueManagerAsync(new RemoveVenueManagerRequest { VenueId = venue.VenueId, Phone = ownerPhone }).ResponseAsync, "registrant");
        await owner.Venues.RemoveVenueManagerAsync(new RemoveVenueManagerRequest { VenueId = venue.VenueId, UserId = askerId });
        await AssertLockedOutAsync(asker, venue, visitorQr);
        Assert.DoesNotContain((await asker.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues, v => v.VenueId == venue.VenueId);
        Assert.Equal(registrant.UserId, Assert.Single((await owner.Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = venue.VenueId })).Managers).UserId);
    }

    [Fact]
    public async Task Guessing_an_approval_code_is_hopeless_five_wrong_tries_void_it_and_requests_are_rationed()
    {
        var (_, ownerPhone, venue) = await VenueOfNewOwnerAsync("Nhà Thuốc Đoán Mò");
        var (asker, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var mark = Outbox.GetPosition();
        await asker.Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = venue.VenueId });
        var code = await Outbox.WaitForCodeAsync(ownerPhone, mark, DevelopmentSignIn.DefaultOtpWait);
        var wrongCodes = Enumerable.Range(0, 6).Select(i => $"{i}{i}{i}{i}{i}{i}").Where(c => c != code).Take(5).ToList();
        foreach (var wrong in wrongCodes.SkipLast(1))
            await Refusals.AssertAsync(StatusCode.PermissionDenied, () => asker.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, ApprovalCode = wrong }).ResponseAsync);
        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => asker.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, ApprovalCode = wrongCodes[^1] }).ResponseAsync, "void");
        // Even the right code is void now.
        await Refusals.AssertAsync(StatusCode.FailedPrecondition, () => asker.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, ApprovalCode = code }).ResponseAsync);
        // And a new code cannot be had at once: the registrant's phone is not flooded.
        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => asker.Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = venue.VenueId }).ResponseAsync, "seconds");
    }

    [Fact]
    public async Task A_manager_adds_a_co_manager_by_phone_who_manages_the_venue_once_signed_in_with_it()
    {
        var (owner, _, venue) = await VenueOfNewOwnerAsync("Quán Bún Hai Người Quản Lý");
        var coManagerPhone = Citizens.NewPhone();
        var added = await owner.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = coManagerPhone });
        Assert.False(added.Manager.PhoneVerified);
        Assert.False(added.Manager.You);

        var (coManager, _) = await Citizens.SignedInAsync(Server, coManagerPhone);
        Assert.Contains((await coManager.Venues.ListMyVenuesAsync(new ListMyVenuesRequest())).Venues, v => v.VenueId == venue.VenueId);
        // A co-manager may add another, but a stranger may not add themselves or anyone by phone.
        var (stranger, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => stranger.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = Citizens.NewPhone() }).ResponseAsync);
        await coManager.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = Citizens.NewPhone() });
        Assert.Equal(3, (await owner.Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = venue.VenueId })).Managers.Count);
    }

    [Fact]
    public async Task A_co_manager_removed_while_their_door_scanner_is_connected_is_refused_from_the_next_scan()
    {
        var (owner, _, venue) = await VenueOfNewOwnerAsync("Cổng Chợ Bến Thành");
        var coManagerPhone = Citizens.NewPhone();
        var coManagerId = (await owner.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = coManagerPhone })).Manager.UserId;
        var (coManager, _) = await Citizens.SignedInAsync(Server, coManagerPhone);
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Lý Thị Qua Cổng");
        var visitorQr = (await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest())).Payload;
        StreamScansRequest Scan(Direction direction) => new()
        {
            Scan = new ScanRequest
            {
                ClientEventId = Guid.NewGuid().ToString(),
                VenueId = venue.VenueId,
                SubjectQrPayload = visitorQr,
                Method = ScanMethod.Controller,
                Direction = direction,
                ScannedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-30)),
            },
        };

        using var scanner = coManager.CheckIn.StreamScans();
        await scanner.RequestStream.WriteAsync(Scan(Direction.In));
        Assert.True(await scanner.ResponseStream.MoveNext(CancellationToken.None));
        Assert.NotEqual(ScanStatus.Rejected, scanner.ResponseStream.Current.Status);

        await owner.Venues.RemoveVenueManagerAsync(new RemoveVenueManagerRequest { VenueId = venue.VenueId, UserId = coManagerId });
        await scanner.RequestStream.WriteAsync(Scan(Direction.Out));
        Assert.True(await scanner.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ScanStatus.Rejected, scanner.ResponseStream.Current.Status);
        Assert.Equal(nameof(StatusCode.PermissionDenied), scanner.ResponseStream.Current.ErrorCode);
        await scanner.RequestStream.CompleteAsync();
        Assert.Single(await Citizens.HistoryAsync(owner, venue.VenueId));
    }

    /// <summary>Everything a venue's manager can do, tried by someone who is not (or no longer) one of them.</summary>
    private async Task AssertLockedOutAsync(TracingClient outsider, Venue venue, string visitorQr)
    {
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => Citizens.HistoryAsync(outsider, venue.VenueId));
        await Refusals.AssertAsync(StatusCode.PermissionDenied, async () =>
        {
            using var export = outsider.CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { venue.VenueId } });
            await Citizens.ReadToEndAsync(export.ResponseStream);
        });
        var seen = (await outsider.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venue.VenueId })).Venue;
        Assert.Equal("", seen.RegistrantPhone);
        Assert.Equal("", seen.RegistrantName);
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => outsider.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = venue.VenueId }).ResponseAsync);
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => Citizens.ControllerScanAsync(outsider, venue, visitorQr, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-1)));
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => Citizens.ManualEntryAsync(outsider, venue, new ManualVisitor { FullName = "Nạn Nhân Bị Gán", Phone = Citizens.NewPhone(), BirthYear = 1960 }, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-1)));
        var unsafeAnswers = new SubmitSelfAssessmentRequest { VenueId = venue.VenueId };
        unsafeAnswers.Answers.AddRange(SafetyChecklist.For(venue.Category).Select(i => new ChecklistAnswer { Item = i.Key, InPlace = false }));
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => outsider.Safety.SubmitSelfAssessmentAsync(unsafeAnswers).ResponseAsync);
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => outsider.Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = venue.VenueId }).ResponseAsync);
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => outsider.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venue.VenueId, Phone = Citizens.NewPhone() }).ResponseAsync);
    }

    private SmsOutbox Outbox => new(Server.OutboxPath);

    private async Task<(TracingClient Owner, string Phone, Venue Venue)> VenueOfNewOwnerAsync(string name)
    {
        var phone = Citizens.NewPhone();
        var (owner, _) = await Citizens.SignedInAsync(Server, phone);
        return (owner, phone, await Citizens.RegisterVenueAsync(owner, name, category: "restaurant"));
    }

    private async Task<string> StandingAsync(Venue venue)
    {
        using var anonymous = Server.Anonymous();
        using var call = anonymous.Safety.QuerySafetyMap(new QuerySafetyMapRequest { RegionCode = venue.WardCode });
        var standings = await Citizens.ReadToEndAsync(call.ResponseStream);
        return standings.FirstOrDefault(v => v.VenueId == venue.VenueId) is { } s ? $"{s.Status} {s.Score} {s.AssessedAt}" : "not on the map";
    }

    /// <summary>The text of the newest SMS to <paramref name="phone"/> after <paramref name="position"/> in the development outbox.</summary>
    private string SmsTextTo(string phone, long position)
    {
        using var file = new FileStream(Server.OutboxPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(position, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var text = "";
        while (reader.ReadLine() is { } line)
        {
            using var message = JsonDocument.Parse(line);
            if (message.RootElement.GetProperty("to").GetString() == phone)
                text = message.RootElement.GetProperty("text").GetString() ?? "";
        }
        return text;
    }
}
