using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Screening at the door over the real server: a declaration's answers give green, yellow or red with Vietnamese
/// advice in SubmitDeclaration's answer, in the scan answers (unary and streamed) and on the history records, and a
/// manager files a paper declaration for a walk-in without a phone with a manual entry.
/// </summary>
public sealed class ScreeningTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_declaration_is_screened_green_yellow_or_red_with_advice_and_reasons()
    {
        var (person, _) = await Citizens.DeviceAsync(Server);

        var green = await DeclareAsync(person, new Symptoms(), new ExposureHistory());
        var yellow = await DeclareAsync(person, new Symptoms { Cough = true }, new ExposureHistory());
        var red = await DeclareAsync(person, new Symptoms { Fever = true, ShortnessOfBreath = true }, new ExposureHistory());
        var contact = await DeclareAsync(person, new Symptoms(), new ExposureHistory { ContactWithConfirmedCase = true });

        Assert.Equal(ScreeningLevel.Green, green.Screening.Level);
        Assert.Empty(green.Screening.Reasons);
        Assert.Equal("Đủ điều kiện vào; tiếp tục thực hiện 5K.", green.Screening.Advice);
        Assert.Equal(ScreeningLevel.Yellow, yellow.Screening.Level);
        Assert.Equal(["Ho"], yellow.Screening.Reasons);
        Assert.StartsWith("Báo nhân viên kiểm tra trước khi vào", yellow.Screening.Advice, StringComparison.Ordinal);
        Assert.Equal(ScreeningLevel.Red, red.Screening.Level);
        Assert.Equal(["Sốt", "Khó thở"], red.Screening.Reasons);
        Assert.Contains("1900 9095", red.Screening.Advice, StringComparison.Ordinal);
        Assert.Equal(ScreeningLevel.Red, contact.Screening.Level);
        Assert.Equal(["Tiếp xúc với ca bệnh COVID-19"], contact.Screening.Reasons);
    }

    [Fact]
    public async Task A_yellow_visitor_is_recorded_and_told_what_to_do_and_the_history_marks_the_scan()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà sách Phương Nam");
        var (visitor, _) = await Citizens.DeviceAsync(Server);
        await DeclareAsync(visitor, new Symptoms { SoreThroat = true }, new ExposureHistory());

        var scan = await Citizens.ScanAsync(visitor, venue, Direction.In, Citizens.ThisMinute().AddMinutes(-5));
        // Declaring again later (green) does not change the scan already made.
        await DeclareAsync(visitor, new Symptoms(), new ExposureHistory());
        var later = await Citizens.ScanAsync(visitor, venue, Direction.Out, Citizens.ThisMinute());

        Assert.Equal(ScanStatus.Accepted, scan.Status);
        Assert.Equal(ScreeningLevel.Yellow, scan.Screening.Level);
        Assert.Equal(["Đau họng"], scan.Screening.Reasons);
        Assert.Contains("Sàng lọc: VÀNG (Đau họng)", scan.Message, StringComparison.Ordinal);
        Assert.Contains("Báo nhân viên kiểm tra", scan.Message, StringComparison.Ordinal);
        Assert.Equal(ScreeningLevel.Green, later.Screening.Level);
        Assert.DoesNotContain("Sàng lọc", later.Message, StringComparison.Ordinal);
        var history = await Citizens.HistoryAsync(manager, venue.VenueId);
        Assert.Equal([ScreeningLevel.Green, ScreeningLevel.Yellow], history.Select(r => r.Screening));
    }

    [Fact]
    public async Task A_scan_without_a_declaration_has_no_screening()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Tiệm bánh mì Huỳnh Hoa");
        var (visitor, _) = await Citizens.DeviceAsync(Server);

        var scan = await Citizens.ScanAsync(visitor, venue, Direction.In, Citizens.ThisMinute());

        Assert.Equal(ScanStatus.DeclarationRequired, scan.Status);
        Assert.Null(scan.Screening);
        Assert.Equal(ScreeningLevel.Unspecified, Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId)).Screening);
    }

    [Fact]
    public async Task A_door_scanner_stream_answers_each_visitors_screening()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Siêu thị Co.opmart");
        var (red, redId) = await Citizens.DeviceAsync(Server);
        await DeclareAsync(red, new Symptoms(), new ExposureHistory { ContactWithConfirmedCase = true });
        var code = await red.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest());

        using var call = manager.CheckIn.StreamScans();
        await call.RequestStream.WriteAsync(new StreamScansRequest
        {
            Scan = new ScanRequest
            {
                ClientEventId = Guid.NewGuid().ToString(),
                VenueId = venue.VenueId,
                SubjectQrPayload = code.Payload,
                Direction = Direction.In,
                ScannedAt = Timestamp.FromDateTimeOffset(Citizens.ThisMinute()),
                Method = ScanMethod.Controller,
            },
        });
        await call.RequestStream.CompleteAsync();
        var answer = Assert.Single(await Citizens.ReadToEndAsync(call.ResponseStream));

        Assert.Equal(ScanStatus.Accepted, answer.Status);
        Assert.Equal(ScreeningLevel.Red, answer.Screening.Level);
        Assert.Contains("Sàng lọc: ĐỎ", answer.Message, StringComparison.Ordinal);
        Assert.Contains("Không vào địa điểm", answer.Message, StringComparison.Ordinal);
        // The door sees the colour, not the answers behind it.
        Assert.Empty(answer.Screening.Reasons);
        Assert.DoesNotContain("Tiếp xúc", answer.Message, StringComparison.Ordinal);
        Assert.NotEmpty(redId);
    }

    [Fact]
    public async Task A_manager_who_types_in_someones_phone_never_reads_their_health_answers()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán tò mò");
        var victimPhone = Citizens.NewPhone();
        var (victim, _) = await Citizens.SignedInAsync(Server, victimPhone);
        await victim.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Người Bị Dò",
            BirthYear = 1980,
            Kind = DeclarationKind.Domestic,
            Symptoms = new Symptoms { Cough = true, Other = "đau lưng bí mật" },
            ExposureHistory = new ExposureHistory(),
        });

        var typedIn = await Citizens.ManualEntryAsync(manager, venue, new ManualVisitor { FullName = "Ai Đó", Phone = victimPhone, BirthYear = 1980 }, Direction.In, Citizens.ThisMinute());

        Assert.Equal(ScreeningLevel.Yellow, typedIn.Screening.Level);
        Assert.Empty(typedIn.Screening.Reasons);
        Assert.DoesNotContain("bí mật", typedIn.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Ho", typedIn.Message.Replace("Hồ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        // Nor can they pin a made-up paper declaration on that phone's owner.
        var pinned = await Assert.ThrowsAsync<RpcException>(() => Citizens.ManualEntryAsync(manager, venue, new ManualVisitor
        {
            FullName = "Ai Đó",
            Phone = victimPhone,
            PaperDeclaration = true,
            ExposureHistory = new ExposureHistory { ContactWithConfirmedCase = true },
        }, Direction.In, Citizens.ThisMinute()));
        Assert.Equal(StatusCode.InvalidArgument, pinned.StatusCode);
        Assert.Contains(pinned.InvalidFields(), f => f.Field == "manual_visitor.phone");
        Assert.Equal([ScreeningLevel.Yellow], (await Citizens.HistoryAsync(manager, venue.VenueId)).Select(r => r.Screening));
    }

    [Fact]
    public async Task A_paper_declaration_for_a_walk_in_without_a_phone_is_screened_and_kept_on_the_manual_scan()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Chợ Bến Thành");

        var scan = await Citizens.ManualEntryAsync(manager, venue, new ManualVisitor
        {
            FullName = "Trần Văn Giấy",
            BirthYear = 1945,
            PaperDeclaration = true,
            Symptoms = new Symptoms { Fever = true, Cough = true },
            ExposureHistory = new ExposureHistory(),
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "26734",
        }, Direction.In, Citizens.ThisMinute());

        Assert.Equal(ScanStatus.Accepted, scan.Status);
        Assert.Equal(ScreeningLevel.Red, scan.Screening.Level);
        Assert.Equal(["Sốt", "Ho"], scan.Screening.Reasons);
        var record = Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId));
        Assert.Equal((ScanMethod.Manual, ScreeningLevel.Red, "TRẦN VĂN ***", "", 1945), (record.Method, record.Screening, record.VisitorName, record.VisitorPhone, record.VisitorBirthYear));
        // The manager filed the paper form: they are not the visitor's declarer, and have no declaration from it.
        Assert.False((await manager.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest())).Valid);
    }

    [Fact]
    public async Task A_manual_entry_without_a_phone_or_with_a_wrong_address_is_refused_naming_the_fields()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán phở Hòa");

        var noPhone = await Assert.ThrowsAsync<RpcException>(() => Citizens.ManualEntryAsync(manager, venue, new ManualVisitor { FullName = "Không Giấy", BirthYear = 1950 }, Direction.In, Citizens.ThisMinute()));
        // Ward 00001 lies in Hà Nội, not in district 760 of Hồ Chí Minh City.
        var wrongWard = await Assert.ThrowsAsync<RpcException>(() => Citizens.ManualEntryAsync(manager, venue, new ManualVisitor
        {
            FullName = "Sai Địa Chỉ",
            PaperDeclaration = true,
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "00001",
        }, Direction.In, Citizens.ThisMinute()));

        Assert.Equal(StatusCode.InvalidArgument, noPhone.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, wrongWard.StatusCode);
        Assert.Contains(wrongWard.InvalidFields(), f => f.Field == "manual_visitor.ward_code");
        Assert.Empty(await Citizens.HistoryAsync(manager, venue.VenueId));
    }

    [Fact]
    public async Task A_nationality_too_long_is_refused_next_to_its_field()
    {
        var (person, _) = await Citizens.DeviceAsync(Server);

        var refused = await Assert.ThrowsAsync<RpcException>(() => person.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Người Nước Ngoài",
            BirthYear = 1990,
            Kind = DeclarationKind.Domestic,
            Nationality = new string('x', 101),
        }).ResponseAsync);

        var field = Assert.Single(refused.InvalidFields());
        Assert.Equal("nationality", field.Field);
        Assert.Contains("Quốc tịch", field.Vietnamese, StringComparison.Ordinal);
    }

    private static Task<SubmitDeclarationResponse> DeclareAsync(TracingClient person, Symptoms symptoms, ExposureHistory exposure)
        => person.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Lê Thị Sàng Lọc",
            BirthYear = 1988,
            Gender = Gender.Female,
            Kind = DeclarationKind.Domestic,
            Nationality = "Việt Nam",
            Symptoms = symptoms,
            ExposureHistory = exposure,
        }).ResponseAsync;
}
