using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>Health declarations by kind: what each must hold, refused field by field when it does not.</summary>
public sealed class DeclarationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task An_arrival_from_abroad_declares_passport_route_and_quarantine_address()
    {
        var (traveller, _) = await Citizens.DeviceAsync(Server);
        var declared = await traveller.Declarations.SubmitDeclarationAsync(Arrival());
        var status = await traveller.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest());

        Assert.True(status.Valid);
        Assert.Equal(declared.DeclarationId, status.DeclarationId);
    }

    [Theory]
    [InlineData("entry.departure_country")]
    [InlineData("entry.arrival_point")]
    [InlineData("entry.quarantine_address")]
    [InlineData("entry.arrival_date")]
    [InlineData("entry.passport_number")]
    public async Task An_arrival_missing_a_required_detail_is_refused_naming_it(string field)
    {
        var (traveller, _) = await Citizens.DeviceAsync(Server);
        var request = Arrival();
        switch (field)
        {
            case "entry.departure_country": request.Entry.DepartureCountry = ""; break;
            case "entry.arrival_point": request.Entry.ArrivalPoint = " "; break;
            case "entry.quarantine_address": request.Entry.QuarantineAddress = ""; break;
            case "entry.arrival_date": request.Entry.ArrivalDate = null; break;
            default: request.Entry.PassportNumber = ""; break;
        }

        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => traveller.Declarations.SubmitDeclarationAsync(request).ResponseAsync, field);
        Assert.False((await traveller.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest())).Valid);
    }

    [Fact]
    public async Task An_arrival_weeks_ago_is_a_domestic_declaration_and_entry_details_belong_to_arrivals_only()
    {
        var (traveller, _) = await Citizens.DeviceAsync(Server);
        var old = Arrival();
        old.Entry.ArrivalDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30));
        var domesticWithEntry = Arrival();
        domesticWithEntry.Kind = DeclarationKind.Domestic;

        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => traveller.Declarations.SubmitDeclarationAsync(old).ResponseAsync, "DECLARATION_KIND_DOMESTIC");
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => traveller.Declarations.SubmitDeclarationAsync(domesticWithEntry).ResponseAsync, "only for DECLARATION_KIND_ENTRY");
    }

    [Fact]
    public async Task A_venue_declaration_names_a_registered_venue_and_home_codes_must_be_real()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Sân Vận Động Mỹ Đình");
        var (visitor, _) = await Citizens.DeviceAsync(Server);
        SubmitDeclarationRequest AtVenue(string venueId) => new() { FullName = "Đinh Tiến Hoàng", BirthYear = 1985, Phone = Citizens.NewPhone(), Kind = DeclarationKind.Venue, VenueId = venueId };

        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => visitor.Declarations.SubmitDeclarationAsync(AtVenue("")).ResponseAsync, "venue_id is required");
        await Refusals.AssertAsync(StatusCode.NotFound, () => visitor.Declarations.SubmitDeclarationAsync(AtVenue(Matching.Registry.VenueCode.New())).ResponseAsync, "No venue");
        var badHome = AtVenue(venue.VenueId);
        badHome.ProvinceCode = "99";
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => visitor.Declarations.SubmitDeclarationAsync(badHome).ResponseAsync, "province_code '99'");

        var good = AtVenue(venue.VenueId);
        good.ProvinceCode = "01";
        good.DistrictCode = "001";
        good.WardCode = "00001";
        await visitor.Declarations.SubmitDeclarationAsync(good);
        Assert.True((await visitor.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest())).Valid);
    }

    private static SubmitDeclarationRequest Arrival() => new()
    {
        FullName = "John Smith",
        BirthYear = 1980,
        Gender = Gender.Male,
        Phone = Citizens.NewPhone(),
        Kind = DeclarationKind.Entry,
        Entry = new EntryDetails
        {
            PassportNumber = "C1234567",
            Nationality = "GB",
            DepartureCountry = "United Kingdom",
            ArrivalPoint = "Nội Bài (HAN)",
            VehicleNumber = "VN54",
            ArrivalDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-3)),
            QuarantineAddress = "Khách sạn Mường Thanh, 78 Thanh Niên, Hà Nội",
        },
    };
}
