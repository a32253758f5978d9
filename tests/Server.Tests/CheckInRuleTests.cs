using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Clients;
using Tracing.Server.CheckIn;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The check-in rules of SPEC §2 over the real server: idempotent scans, scans without a declaration, how visits are
/// paired and closed, controller and manual entry, streamed scans, the masked history and its CSV export, family
/// declarations, and phone sign-in by OTP.
/// </summary>
public sealed class CheckInRuleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_repeated_delivery_answers_the_first_result_and_records_one_scan()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Cơm Tấm Cali");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Đoàn Văn Lặp");
        var scan = SelfScan(venue, Direction.In, Citizens.ThisMinute().AddMinutes(-20));

        var first = await visitor.CheckIn.ScanAsync(scan);
        var again = await visitor.CheckIn.ScanAsync(scan);

        Assert.False(first.Duplicate);
        Assert.Equal(ScanStatus.Accepted, first.Status);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Status, again.Status);
        Assert.Equal(venue.VenueId, again.VenueId);
        Assert.Equal(venue.Name, again.VenueName);
        Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId));
        Assert.Single(await Citizens.VisitsAsync(visitor));
    }

    [Fact]
    public async Task A_reused_client_event_id_answers_the_first_scan_and_not_the_new_venue()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var first = await Citizens.RegisterVenueAsync(manager, "Quán Ốc Oanh");
        var second = await Citizens.RegisterVenueAsync(manager, "Quán Ốc Đào");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Lưu Văn Trùng");
        var scan = SelfScan(first, Direction.In, Citizens.ThisMinute().AddMinutes(-20));
        var answer = await visitor.CheckIn.ScanAsync(scan);

        scan.QrPayload = second.QrPayload;
        var again = await visitor.CheckIn.ScanAsync(scan);

        Assert.True(again.Duplicate);
        Assert.Empty(await Citizens.HistoryAsync(manager, second.VenueId));
        // "Repeating a client_event_id returns the first answer again": not a check-in at a venue where nothing was recorded.
        Assert.Equal(answer.VenueId, again.VenueId);
        Assert.Equal(answer.VenueName, again.VenueName);
    }

    [Fact]
    public async Task A_repeated_delivery_after_declaring_still_answers_the_first_result()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Bún Bò Huế");
        var (visitor, _) = await Citizens.DeviceAsync(Server);
        var scan = SelfScan(venue, Direction.In, Citizens.ThisMinute().AddMinutes(-20));

        var first = await visitor.CheckIn.ScanAsync(scan);
        await Citizens.DeclareAsync(visitor, "Đoàn Thị Trễ");
        var again = await visitor.CheckIn.ScanAsync(scan);

        Assert.Equal(ScanStatus.DeclarationRequired, first.Status);
        Assert.True(again.Duplicate);
        Assert.Equal(ScanStatus.DeclarationRequired, again.Status);
        Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId));
    }

    [Fact]
    public async Task A_scan_without_declaration_asks_for_one_and_is_still_recorded()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Chợ Tân Định");
        var (visitor, _) = await Citizens.DeviceAsync(Server);
        var at = Citizens.ThisMinute().AddMinutes(-30);

        var scan = await Citizens.ScanAsync(visitor, venue, Direction.In, at);

        Assert.Equal(ScanStatus.DeclarationRequired, scan.Status);
        Assert.Contains("khai báo y tế", scan.Message, StringComparison.Ordinal);
        VietnameseRefusals.CheckSentence(scan.Message, scan.ToString());
        Assert.Equal(venue.VenueId, scan.VenueId);
        var history = await Citizens.HistoryAsync(manager, venue.VenueId);
        var record = Assert.Single(history);
        Assert.Equal(ScanStatus.DeclarationRequired, record.Status);
        Assert.Equal(at, record.ScannedAt.ToDateTimeOffset());
        var visit = Assert.Single(await Citizens.VisitsAsync(visitor));
        Assert.Equal(venue.VenueId, visit.VenueId);
        Assert.Equal(at, visit.Start.ToDateTimeOffset());
    }

    [Fact]
    public async Task The_rescan_after_declaring_joins_the_same_visit()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà văn hóa Quận 1");
        var (visitor, _) = await Citizens.DeviceAsync(Server);
        var t = Citizens.ThisMinute();

        var first = await Citizens.ScanAsync(visitor, venue, Direction.In, t.AddMinutes(-40));
        await Citizens.DeclareAsync(visitor, "Âu Văn Khai");
        Assert.True((await visitor.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest())).Valid);
        var second = await Citizens.ScanAsync(visitor, venue, Direction.In, t.AddMinutes(-38));
        await Citizens.ScanAsync(visitor, venue, Direction.Out, t.AddMinutes(-10));

        Assert.Equal(ScanStatus.DeclarationRequired, first.Status);
        Assert.Equal(ScanStatus.Accepted, second.Status);
        var visit = Assert.Single(await Citizens.VisitsAsync(visitor));
        Assert.Equal(t.AddMinutes(-40), visit.Start.ToDateTimeOffset());
        Assert.Equal(t.AddMinutes(-10), visit.End.ToDateTimeOffset());
        Assert.True(visit.ScannedOut);
        Assert.Equal(3, (await Citizens.HistoryAsync(manager, venue.VenueId)).Count);
    }

    [Fact]
    public async Task A_visit_without_out_scan_closes_after_sixty_minutes_or_at_the_next_check_in_elsewhere()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var library = await Citizens.RegisterVenueAsync(manager, "Thư viện Tổng hợp");
        var cafe = await Citizens.RegisterVenueAsync(manager, "Cà phê Trung Nguyên");
        var gym = await Citizens.RegisterVenueAsync(manager, "Phòng tập California");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Khúc Văn Quên");
        var t = Citizens.ThisMinute();

        // Library at -10 h, nothing until the café at -8 h: the library visit closes after the 60-minute dwell.
        await Citizens.ScanAsync(visitor, library, Direction.In, t.AddHours(-10));
        // Café at -8 h, then the gym 20 minutes later: the café visit closes at the gym's check-in.
        await Citizens.ScanAsync(visitor, cafe, Direction.In, t.AddHours(-8));
        await Citizens.ScanAsync(visitor, gym, Direction.In, t.AddHours(-8).AddMinutes(20));

        var visits = (await Citizens.VisitsAsync(visitor)).OrderBy(v => v.Start.ToDateTimeOffset()).ToList();
        Assert.Equal(3, visits.Count);
        AssertVisit(visits[0], library, t.AddHours(-10), t.AddHours(-9));
        AssertVisit(visits[1], cafe, t.AddHours(-8), t.AddHours(-8).AddMinutes(20));
        AssertVisit(visits[2], gym, t.AddHours(-8).AddMinutes(20), t.AddHours(-7).AddMinutes(20));
        Assert.All(visits, v => Assert.False(v.ScannedOut));

        static void AssertVisit(Visit visit, Venue venue, DateTimeOffset start, DateTimeOffset end)
        {
            Assert.Equal(venue.VenueId, visit.VenueId);
            Assert.Equal(venue.Name, visit.VenueName);
            Assert.Equal(start, visit.Start.ToDateTimeOffset());
            Assert.Equal(end, visit.End.ToDateTimeOffset());
        }
    }

    [Fact]
    public async Task Staff_scan_a_visitors_personal_code_and_it_counts_as_the_visitors_visit()
    {
        var (manager, managerId) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Bệnh viện Chợ Rẫy");
        var (visitor, visitorId) = await Citizens.DeclaredDeviceAsync(Server, "Lạc Thị Cổng");
        var personal = await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest());
        var t = Citizens.ThisMinute();

        var scanIn = await Citizens.ControllerScanAsync(manager, venue, personal.Payload, Direction.In, t.AddMinutes(-50));
        var scanOut = await Citizens.ControllerScanAsync(manager, venue, personal.Payload, Direction.Out, t.AddMinutes(-15));

        Assert.Equal(ScanStatus.Accepted, scanIn.Status);
        Assert.Equal(ScanStatus.Accepted, scanOut.Status);
        Assert.Equal(venue.Name, scanIn.VenueName);
        var visit = Assert.Single(await Citizens.VisitsAsync(visitor));
        Assert.Equal(t.AddMinutes(-50), visit.Start.ToDateTimeOffset());
        Assert.Equal(t.AddMinutes(-15), visit.End.ToDateTimeOffset());
        Assert.True(visit.ScannedOut);
        // The manager's own itinerary is untouched: they scanned, they did not visit.
        Assert.Empty(await Citizens.VisitsAsync(manager));
        var history = await Citizens.HistoryAsync(manager, venue.VenueId);
        Assert.Equal(2, history.Count);
        Assert.All(history, r =>
        {
            Assert.Equal(ScanMethod.Controller, r.Method);
            Assert.Equal(managerId, r.ControllerId);
            Assert.Equal("LẠC THỊ ***", r.VisitorName);
        });
        Assert.Equal([Direction.Out, Direction.In], history.Select(r => r.Direction));
        Assert.Contains(visitorId, personal.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_type_in_a_visitor_without_a_smartphone()
    {
        var (manager, managerId) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Bưu điện Thành phố");
        var phone = Citizens.NewPhone();
        // A manual entry is at the time of entry: within ScanHandler.ManualEntryTolerance of the server's clock.
        var at = Citizens.ThisMinute().AddMinutes(-10);

        var scan = await Citizens.ManualEntryAsync(manager, venue, new ManualVisitor { FullName = "Nguyễn Thị Hoa", Phone = phone, BirthYear = 1950 }, Direction.In, at);

        Assert.NotEqual(ScanStatus.Rejected, scan.Status);
        var record = Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId));
        Assert.Equal(ScanMethod.Manual, record.Method);
        Assert.Equal(scan.Status, record.Status);
        Assert.Equal(managerId, record.ControllerId);
        Assert.Equal(at, record.ScannedAt.ToDateTimeOffset());
        Assert.Equal("NGUYỄN THỊ ***", record.VisitorName);
        Assert.Equal($"{phone[..4]} {phone[4..7]} ***", record.VisitorPhone);
        Assert.Equal(1950, record.VisitorBirthYear);

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var full = Assert.Single(await Citizens.HistoryAsync(health, venue.VenueId));
        Assert.Equal("Nguyễn Thị Hoa", full.VisitorName);
        Assert.Equal(phone, full.VisitorPhone);

        // The same visitor found by phone (as a health department would when tracing).
        var byPhone = await Citizens.ReadToEndAsync(health.CheckIn.ListScanHistory(new ListScanHistoryRequest { VenueIds = { venue.VenueId }, VisitorQuery = phone }).ResponseStream);
        Assert.Single(byPhone);
    }

    [Fact]
    public async Task Streamed_scans_answer_one_result_per_scan_in_order()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Rạp chiếu phim CGV");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Trịnh Văn Dòng");
        var t = Citizens.ThisMinute();
        var forged = SelfScan(venue, Direction.In, t.AddMinutes(-45));
        forged.QrPayload = venue.QrPayload[..^1] + (venue.QrPayload[^1] == 'A' ? 'B' : 'A');
        ScanRequest[] scans =
        [
            SelfScan(venue, Direction.In, t.AddMinutes(-50)),
            forged,
            SelfScan(venue, Direction.Out, t.AddMinutes(-20)),
            SelfScan(venue, Direction.In, t.AddMinutes(-10)),
        ];

        using var call = visitor.CheckIn.StreamScans();
        foreach (var scan in scans)
            await call.RequestStream.WriteAsync(new StreamScansRequest { Scan = scan });
        await call.RequestStream.CompleteAsync();
        var answers = await Citizens.ReadToEndAsync(call.ResponseStream);

        Assert.Equal(scans.Select(s => s.ClientEventId), answers.Select(a => a.ClientEventId));
        Assert.Equal([ScanStatus.Accepted, ScanStatus.Rejected, ScanStatus.Accepted, ScanStatus.Accepted], answers.Select(a => a.Status));
        Assert.Contains("QR", answers[1].Message, StringComparison.Ordinal);
        Assert.Equal(nameof(StatusCode.InvalidArgument), answers[1].ErrorCode);
        Assert.All(answers.Where(a => a.Status == ScanStatus.Accepted), a => Assert.Equal(venue.VenueId, a.VenueId));
        Assert.Equal(3, (await Citizens.HistoryAsync(manager, venue.VenueId)).Count);
        var visits = (await Citizens.VisitsAsync(visitor)).OrderBy(v => v.Start.ToDateTimeOffset()).ToList();
        Assert.Equal(2, visits.Count);
        Assert.True(visits[0].ScannedOut);
        Assert.Equal(t.AddMinutes(-20), visits[0].End.ToDateTimeOffset());
    }

    [Fact]
    public async Task A_door_scanners_stream_records_at_its_venue_and_keeps_refusing_a_venue_it_does_not_manage()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var (other, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var gate = await Citizens.RegisterVenueAsync(manager, "Cổng KCN Tân Thuận");
        var foreign = await Citizens.RegisterVenueAsync(other, "Cổng KCN Hiệp Phước");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Lý Thị Công");
        var personal = (await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest())).Payload;
        var t = Citizens.ThisMinute();
        ScanRequest Controller(Venue at, int minutesAgo) => new()
        {
            ClientEventId = Guid.NewGuid().ToString("N"),
            VenueId = at.VenueId,
            SubjectQrPayload = personal,
            Direction = Direction.In,
            ScannedAt = Timestamp.FromDateTimeOffset(t.AddMinutes(-minutesAgo)),
            Method = ScanMethod.Controller,
        };
        ScanRequest[] scans = [Controller(foreign, 50), Controller(gate, 40), Controller(foreign, 30), Controller(gate, 20)];

        using var call = manager.CheckIn.StreamScans();
        foreach (var scan in scans)
            await call.RequestStream.WriteAsync(new StreamScansRequest { Scan = scan });
        await call.RequestStream.CompleteAsync();
        var answers = await Citizens.ReadToEndAsync(call.ResponseStream);

        Assert.Equal([ScanStatus.Rejected, ScanStatus.Accepted, ScanStatus.Rejected, ScanStatus.Accepted], answers.Select(a => a.Status));
        Assert.All(answers.Where(a => a.Status == ScanStatus.Rejected), a => Assert.Equal(nameof(StatusCode.PermissionDenied), a.ErrorCode));
        Assert.Equal(2, (await Citizens.HistoryAsync(manager, gate.VenueId)).Count);
        Assert.Empty(await Citizens.HistoryAsync(other, foreign.VenueId));
    }

    [Fact]
    public async Task A_door_scanner_gets_each_answer_before_it_sends_its_next_scan()
    {
        // A gate waits for the answer to let a visitor through: answers are sent as their scans are durable, not
        // held until more scans arrive or the stream ends.
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var gate = await Citizens.RegisterVenueAsync(manager, "Cổng chợ Bình Điền");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Đặng Thị Hoa");
        var personal = (await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest())).Payload;
        var t = Citizens.ThisMinute();

        using var call = manager.CheckIn.StreamScans(deadline: DateTime.UtcNow.AddSeconds(30));
        foreach (var (direction, minutesAgo) in new[] { (Direction.In, 30), (Direction.Out, 10), (Direction.In, 5) })
        {
            var scan = new ScanRequest
            {
                ClientEventId = Guid.NewGuid().ToString("N"),
                VenueId = gate.VenueId,
                SubjectQrPayload = personal,
                Direction = direction,
                ScannedAt = Timestamp.FromDateTimeOffset(t.AddMinutes(-minutesAgo)),
                Method = ScanMethod.Controller,
            };
            await call.RequestStream.WriteAsync(new StreamScansRequest { Scan = scan });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(scan.ClientEventId, call.ResponseStream.Current.ClientEventId);
            Assert.Equal(ScanStatus.Accepted, call.ResponseStream.Current.Status);
        }
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task Managers_see_masked_names_and_phones_while_health_departments_see_them_whole()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà sách Phương Nam");
        var phone = Citizens.NewPhone();
        var (visitor, _) = await Citizens.SignedInAsync(Server, phone);
        await Citizens.DeclareAsync(visitor, "Lê Văn Bình", 1985);
        await Citizens.ScanAsync(visitor, venue, Direction.In, Citizens.ThisMinute().AddMinutes(-5));

        var masked = Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId));
        Assert.Equal("LÊ VĂN ***", masked.VisitorName);
        Assert.Equal($"{phone[..4]} {phone[4..7]} ***", masked.VisitorPhone);
        Assert.DoesNotContain("Bình", masked.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(phone, masked.ToString(), StringComparison.Ordinal);

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var whole = Assert.Single(await Citizens.HistoryAsync(health, venue.VenueId));
        Assert.Equal("Lê Văn Bình", whole.VisitorName);
        Assert.Equal(phone, whole.VisitorPhone);
        Assert.Equal(1985, whole.VisitorBirthYear);

        // A health department of another province sees nothing of this venue.
        using var otherHealth = Server.WithApiKey(ServerProcess.OtherProvinceHealthKey);
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => Citizens.HistoryAsync(otherHealth, venue.VenueId), "province");
    }

    [Fact]
    public async Task A_manager_cannot_read_another_managers_venue()
    {
        var (owner, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(owner, "Karaoke Nice");
        var (rival, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var own = await Citizens.RegisterVenueAsync(rival, "Karaoke Arirang");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Võ Văn Hát");
        await Citizens.ScanAsync(visitor, venue, Direction.In, Citizens.ThisMinute().AddMinutes(-5));

        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => Citizens.HistoryAsync(rival, venue.VenueId), "manage");
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => Citizens.HistoryAsync(rival, own.VenueId, venue.VenueId), "manage");
        await Refusals.AssertAsync(
            StatusCode.PermissionDenied,
            () => Citizens.ReadToEndAsync(rival.CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { venue.VenueId } }).ResponseStream),
            "manage");
        // Without a filter the rival sees only their own venue, which nobody visited.
        Assert.Empty(await Citizens.HistoryAsync(rival));
        Assert.Single(await Citizens.HistoryAsync(owner));
    }

    [Fact]
    public async Task The_CSV_export_is_UTF8_with_BOM_and_one_row_per_scan()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Cà Phê Đường Sách, Quận 1");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Nguyễn Đình Chiểu");
        var t = Citizens.ThisMinute();
        await Citizens.VisitAsync(visitor, venue, t.AddMinutes(-90), t.AddMinutes(-30));
        await Citizens.ManualEntryAsync(manager, venue, new ManualVisitor { FullName = "Hồ Xuân Hương", Phone = Citizens.NewPhone(), BirthYear = 1948 }, Direction.In, t.AddMinutes(-10));

        using var call = manager.CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { venue.VenueId } });
        var bytes = new List<byte>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            bytes.AddRange(chunk.Chunk.ToByteArray());

        Assert.True(bytes.Count > 3);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3).ToArray());
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray(), 3, bytes.Count - 3);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ScanHistoryCsv.Header, lines[0]);
        Assert.Contains("Họ tên", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        var rows = lines[1..];
        Assert.All(rows, row => Assert.Contains("\"Cà Phê Đường Sách, Quận 1\"", row, StringComparison.Ordinal));
        Assert.Equal(2, rows.Count(r => r.Contains("NGUYỄN ĐÌNH ***", StringComparison.Ordinal)));
        Assert.Single(rows, r => r.Contains("HỒ XUÂN ***", StringComparison.Ordinal) && r.Contains("1948", StringComparison.Ordinal));
        Assert.Single(rows, r => r.Contains(",Ra,", StringComparison.Ordinal));
        Assert.DoesNotContain("Chiểu", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_CSV_export_neutralises_formulas_typed_in_as_names()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "=HYPERLINK(\"http://evil.example\")");
        await Citizens.ManualEntryAsync(manager, venue, new ManualVisitor { FullName = "=1+2 @SUM(A1)", Phone = Citizens.NewPhone(), BirthYear = 1970 }, Direction.In, Citizens.ThisMinute().AddMinutes(-5));

        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        foreach (var reader in new[] { manager, health })
        {
            var chunks = await Citizens.ReadToEndAsync(reader.CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { venue.VenueId } }).ResponseStream);
            var text = Encoding.UTF8.GetString(chunks.SelectMany(c => c.Chunk.ToByteArray()).ToArray());
            var row = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1];
            var fields = row.Split(',');
            // No field a spreadsheet would evaluate: none starts with = + - @, quoted or not.
            Assert.DoesNotContain(fields, f => f.TrimStart('"').Length > 0 && f.TrimStart('"')[0] is '=' or '+' or '-' or '@');
        }
    }

    [Fact]
    public async Task A_declaration_on_behalf_of_a_family_member_counts_for_them()
    {
        var (manager, managerId) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Chùa Vĩnh Nghiêm");
        var (child, childId) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var grandmotherPhone = Citizens.NewPhone();
        SubmitDeclarationRequest ForGrandmother(string name) => new()
        {
            FullName = name,
            BirthYear = 1940,
            Gender = Gender.Female,
            Phone = grandmotherPhone,
            Kind = DeclarationKind.Domestic,
            OnBehalf = true,
        };

        var declared = await child.Declarations.SubmitDeclarationAsync(ForGrandmother("Phạm Thị Bà"));

        Assert.NotEmpty(declared.DeclarationId);
        Assert.InRange(declared.ValidUntil.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
        // It is grandmother's declaration, not the child's: she is the child's dependent, with a record of her own.
        Assert.NotEqual(childId, declared.SubjectUserId);
        Assert.False((await child.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest())).Valid);
        Assert.Equal(declared.DeclarationId, (await child.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest { SubjectUserId = declared.SubjectUserId })).DeclarationId);
        // Declaring for her again (her phone names her) finds the same dependent.
        Assert.Equal(declared.SubjectUserId, (await child.Declarations.SubmitDeclarationAsync(ForGrandmother("Phạm Thị Bà Nội"))).SubjectUserId);
        // The child prints her personal code; staff scan it at the door: her declaration counts.
        var code = await child.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest { SubjectUserId = declared.SubjectUserId });
        var scan = await Citizens.ControllerScanAsync(manager, venue, code.Payload, Direction.In, Citizens.ThisMinute().AddMinutes(-3));
        Assert.Equal(ScanStatus.Accepted, scan.Status);
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        var row = Assert.Single(await Citizens.HistoryAsync(health, venue.VenueId));
        Assert.Equal(("Phạm Thị Bà Nội", 1940, grandmotherPhone, managerId), (row.VisitorName, row.VisitorBirthYear, row.VisitorPhone, row.ControllerId));
    }

    [Fact]
    public async Task A_family_member_without_a_phone_is_declared_by_name_and_birth_year()
    {
        var (parent, parentId) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        SubmitDeclarationRequest ForChild(int birthYear) => new() { FullName = "Đỗ Bé Na", BirthYear = birthYear, Kind = DeclarationKind.Domestic, OnBehalf = true };

        var first = await parent.Declarations.SubmitDeclarationAsync(ForChild(2017));
        var again = await parent.Declarations.SubmitDeclarationAsync(ForChild(2017));
        var sibling = await parent.Declarations.SubmitDeclarationAsync(ForChild(2020));

        Assert.Equal(first.SubjectUserId, again.SubjectUserId);
        Assert.NotEqual(first.SubjectUserId, sibling.SubjectUserId);
        Assert.NotEqual(parentId, first.SubjectUserId);
        Assert.Equal(parentId, (await parent.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest { FullName = "Đỗ Văn Bố", BirthYear = 1985, Kind = DeclarationKind.Domestic })).SubjectUserId);
    }

    [Fact]
    public async Task Declaring_on_behalf_with_ones_own_phone_is_refused()
    {
        var phone = Citizens.NewPhone();
        var (person, _) = await Citizens.SignedInAsync(Server, phone);
        await Refusals.AssertAsync(
            StatusCode.InvalidArgument,
            () => person.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
            {
                FullName = "Tôi Tự Khai",
                BirthYear = 1980,
                Phone = phone,
                Kind = DeclarationKind.Domestic,
                OnBehalf = true,
            }).ResponseAsync,
            "on_behalf");
    }

    [Fact]
    public async Task Phone_sign_in_sends_a_code_by_SMS_and_accepts_only_that_code()
    {
        var phone = Citizens.NewPhone();
        var outbox = new SmsOutbox(Server.OutboxPath);
        var mark = outbox.GetPosition();
        using var anonymous = Server.Anonymous();

        var requested = await anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = "+84 " + phone[1..] });

        Assert.InRange(requested.ResendAfter.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddSeconds(50), DateTimeOffset.UtcNow.AddSeconds(61));
        var message = await ReadOutboxMessageAsync(Server.OutboxPath, mark, phone);
        var code = message.GetProperty("code").GetString()!;
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Contains(code, message.GetProperty("text").GetString()!, StringComparison.Ordinal);

        var wrong = code[..^1] + (char)('0' + ((code[^1] - '0' + 1) % 10));
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = wrong }).ResponseAsync, "code");
        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => anonymous.Auth.RequestOtpAsync(new RequestOtpRequest { Phone = phone }).ResponseAsync, "seconds");

        var verified = await anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code });
        Assert.NotEmpty(verified.AccessToken);
        Assert.NotEmpty(verified.UserId);
        using var person = Server.WithToken(verified.AccessToken);
        var venue = await Citizens.RegisterVenueAsync(person, "Tiệm Vàng Kim Thành"); // a verified phone may register venues
        Assert.Equal("Tiệm Vàng Kim Thành", venue.Name);

        // The code is spent once used.
        await Refusals.AssertAsync(StatusCode.FailedPrecondition, () => anonymous.Auth.VerifyOtpAsync(new VerifyOtpRequest { Phone = phone, Code = code }).ResponseAsync, "new one");
    }

    private static ScanRequest SelfScan(Venue venue, Direction direction, DateTimeOffset at) => new()
    {
        ClientEventId = Guid.NewGuid().ToString(),
        QrPayload = venue.QrPayload,
        Direction = direction,
        ScannedAt = Timestamp.FromDateTimeOffset(at),
        Method = ScanMethod.Self,
    };

    /// <summary>The first outbox line after <paramref name="mark"/> addressed to <paramref name="phone"/>, as JSON.</summary>
    private static async Task<JsonElement> ReadOutboxMessageAsync(string path, long mark, string phone)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (File.Exists(path))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                stream.Seek(mark, SeekOrigin.Begin);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                while (await reader.ReadLineAsync() is { } line)
                {
                    using var document = JsonDocument.Parse(line);
                    var root = document.RootElement;
                    Assert.Equal(JsonValueKind.Object, root.ValueKind);
                    if (root.GetProperty("to").GetString() == phone)
                    {
                        Assert.True(root.TryGetProperty("text", out _), "An outbox line must carry `text`.");
                        Assert.True(root.TryGetProperty("code", out _), "An outbox line must carry `code`.");
                        return root.Clone();
                    }
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"No SMS to {phone} in {path}.");
            await Task.Delay(50);
        }
    }
}
