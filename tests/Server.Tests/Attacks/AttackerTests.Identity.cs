using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests.Attacks;

/// <summary>
/// Holes 3–5: writing into another person (a declaration "on behalf" with a victim's phone, a back-dated manual
/// entry), history that changes the past, and a declared phone that is lost.
/// </summary>
public sealed partial class AttackerTests
{
    [Fact]
    public async Task Declaring_on_behalf_with_a_verified_victims_phone_changes_nothing_of_the_victim()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà Sách Phương Nam");
        var victimPhone = Citizens.NewPhone();
        var (victim, victimId) = await Citizens.SignedInAsync(Server, victimPhone);
        var own = await Citizens.DeclareAsync(victim, "Trương Thị Thật", 1985);
        var (device, _) = await Citizens.DeviceAsync(Server);
        var (stranger, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());

        // An anonymous device and a verified stranger each "declare for a family member" with the victim's phone.
        foreach (var attacker in new[] { device, stranger })
        {
            var forged = await attacker.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
            {
                FullName = "Kẻ Giả Danh",
                BirthYear = 2001,
                Phone = victimPhone,
                Kind = DeclarationKind.Domestic,
                OnBehalf = true,
            });
            Assert.NotEqual(victimId, forged.SubjectUserId);
        }

        // The victim's latest declaration is still their own, and their scans still carry their own name.
        var status = await victim.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest());
        Assert.Equal(own.DeclarationId, status.DeclarationId);
        await Citizens.ScanAsync(victim, venue, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-1));
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var row = Assert.Single(await Citizens.HistoryAsync(health, venue.VenueId));
        Assert.Equal("Trương Thị Thật", row.VisitorName);
        Assert.Equal(1985, row.VisitorBirthYear);
        Assert.Equal(victimPhone, row.VisitorPhone);
    }

    [Fact]
    public async Task A_manual_entry_with_a_verified_phone_does_not_rename_its_owner()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Trà Đá");
        var other = await Citizens.RegisterVenueAsync(manager, "Quán Nước Mía");
        var victimPhone = Citizens.NewPhone();
        // A verified person who has not declared yet: the old code filled their missing name from the door.
        var (victim, _) = await Citizens.SignedInAsync(Server, victimPhone);

        await Citizens.ManualEntryAsync(manager, venue, new ManualVisitor { FullName = "Tên Bịa Đặt", Phone = victimPhone, BirthYear = 1999 }, Direction.In, DateTimeOffset.UtcNow);
        await Citizens.ScanAsync(victim, other, Direction.In, DateTimeOffset.UtcNow);

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var typed = Assert.Single(await Citizens.HistoryAsync(health, venue.VenueId));
        Assert.Equal("Tên Bịa Đặt", typed.VisitorName);
        var own = Assert.Single(await Citizens.HistoryAsync(health, other.VenueId));
        Assert.Equal("", own.VisitorName);
        Assert.Equal(0, own.VisitorBirthYear);
    }

    [Fact]
    public async Task A_back_dated_manual_entry_is_refused_and_places_no_one()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Karaoke Nửa Đêm");
        var victimPhone = Citizens.NewPhone();
        await Citizens.SignedInAsync(Server, victimPhone);

        foreach (var at in new[] { DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow.AddMinutes(-16), DateTimeOffset.UtcNow.AddMinutes(16) })
        {
            await Refusals.AssertAsync(
                StatusCode.InvalidArgument,
                () => Citizens.ManualEntryAsync(manager, venue, new ManualVisitor { FullName = "Nạn Nhân", Phone = victimPhone, BirthYear = 1980 }, Direction.In, at),
                "time of entry", "15 minutes");
        }
        Assert.Empty(await Citizens.HistoryAsync(manager, venue.VenueId));
    }

    [Fact]
    public async Task A_past_scan_row_keeps_its_name_after_a_new_declaration()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Rạp Chiếu Phim Cũ");
        var (visitor, _) = await Citizens.DeviceAsync(Server);
        await Citizens.DeclareAsync(visitor, "Lê Văn Trước", 1970);
        await Citizens.ScanAsync(visitor, venue, Direction.In, DateTimeOffset.UtcNow.AddMinutes(-30));
        // Rows show the identity in force when the scan reached the server: whole seconds, so move past this one.
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        await Citizens.DeclareAsync(visitor, "Lê Văn Sau", 1971);
        await Citizens.ScanAsync(visitor, venue, Direction.Out, DateTimeOffset.UtcNow);

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var rows = await Citizens.HistoryAsync(health, venue.VenueId);
        var entered = Assert.Single(rows, r => r.Direction == Direction.In);
        var left = Assert.Single(rows, r => r.Direction == Direction.Out);
        Assert.Equal(("Lê Văn Trước", 1970), (entered.VisitorName, entered.VisitorBirthYear));
        Assert.Equal(("Lê Văn Sau", 1971), (left.VisitorName, left.VisitorBirthYear));
    }

    [Fact]
    public async Task A_web_check_ins_declared_phone_is_the_phone_the_health_department_sees_and_calls()
    {
        var managerPhone = Citizens.NewPhone();
        var (manager, managerId) = await Citizens.SignedInAsync(Server, managerPhone);
        var venue = await Citizens.RegisterVenueAsync(manager, "Chợ Bến Thành");
        var (caseClient, caseId) = await Citizens.DeclaredDeviceAsync(Server, "Ca Bệnh Một");
        await manager.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest { FullName = "Chủ Chợ", BirthYear = 1980, Kind = DeclarationKind.Domestic });
        // What the web check-in page does: an anonymous device that declares with a phone, then scans.
        var (visitor, visitorId) = await Citizens.DeviceAsync(Server);
        var phone = Citizens.NewPhone();
        await visitor.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Khách Qua Web",
            BirthYear = 1995,
            Phone = phone,
            Kind = DeclarationKind.Venue,
            VenueId = venue.VenueId,
        });
        var t = Citizens.ThisMinute();
        await Citizens.VisitAsync(visitor, venue, t.AddMinutes(-50), t.AddMinutes(-10));
        await Citizens.VisitAsync(caseClient, venue, t.AddMinutes(-45), t.AddMinutes(-15));
        await Citizens.VisitAsync(manager, venue, t.AddMinutes(-40), t.AddMinutes(-20));

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var rows = (await Citizens.HistoryAsync(health, venue.VenueId)).Where(r => r.VisitorName == "Khách Qua Web").ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(phone, r.VisitorPhone));
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = caseId, TestDate = Timestamp.FromDateTimeOffset(t) });
        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = report.CaseId });
        var byDeclaredPhone = Assert.Single(tracing.Exposures, e => e.UserId == visitorId);
        Assert.Equal(phone, byDeclaredPhone.Phone);
        // Anyone can declare anyone's number: the report says it is unverified, so the department confirms who answers.
        Assert.False(byDeclaredPhone.PhoneVerified);
        var bySignedInPhone = Assert.Single(tracing.Exposures, e => e.UserId == managerId);
        Assert.Equal((managerPhone, true), (bySignedInPhone.Phone, bySignedInPhone.PhoneVerified));
        // A declared phone is a contact phone, not a sign-in: nobody becomes the owner of that number by declaring it.
        await Refusals.AssertAsync(
            StatusCode.NotFound,
            () => health.Cases.ReportCaseAsync(new ReportCaseRequest { Phone = phone, TestDate = Timestamp.FromDateTimeOffset(t) }).ResponseAsync,
            "No one is registered");
    }

    [Fact]
    public async Task Only_the_guardian_gets_a_dependents_personal_code()
    {
        var (guardian, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var (stranger, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var declared = await guardian.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Bé Con",
            BirthYear = 2018,
            Kind = DeclarationKind.Domestic,
            OnBehalf = true,
        });

        var code = await guardian.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { SubjectUserId = declared.SubjectUserId });
        Assert.Contains(declared.SubjectUserId, code.Payload, StringComparison.Ordinal);
        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => stranger.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { SubjectUserId = declared.SubjectUserId }).ResponseAsync,
            "family member you declared for");
        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => stranger.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest { SubjectUserId = declared.SubjectUserId }).ResponseAsync,
            "family member you declared for");
    }
}
