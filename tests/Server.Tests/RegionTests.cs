using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The administrative units of 2021 over gRPC: the lookup clients fill their drop-downs from (open to anyone), and the
/// checks that a district lies in its province and a ward in its district wherever a place is given — each invalid
/// field named at once, with the unit it must belong to, in English and in Vietnamese.
/// </summary>
public sealed class RegionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Anyone_lists_the_63_provinces_a_provinces_districts_and_a_districts_wards_by_name()
    {
        using var anonymous = Server.Anonymous();

        var provinces = (await anonymous.Regions.ListRegionsAsync(new ListRegionsRequest())).Regions;
        var hanoi = (await anonymous.Regions.ListRegionsAsync(new ListRegionsRequest { ParentCode = "01" })).Regions;
        var baDinh = (await anonymous.Regions.ListRegionsAsync(new ListRegionsRequest { ParentCode = "001" })).Regions;
        var ward = (await anonymous.Regions.ListRegionsAsync(new ListRegionsRequest { ParentCode = "00001" })).Regions;

        Assert.Equal(63, provinces.Count);
        Assert.Contains(provinces, p => (p.Code, p.Name, p.Level) == ("79", "Thành phố Hồ Chí Minh", 1));
        Assert.Equal(30, hanoi.Count);
        Assert.Contains(hanoi, d => (d.Code, d.Name, d.Type, d.Level, d.ParentCode) == ("001", "Quận Ba Đình", "Quận", 2, "01"));
        Assert.Contains(hanoi, d => d.Name == "Huyện Ba Vì" && d.Type == "Huyện");
        Assert.Equal(14, baDinh.Count);
        Assert.Equal(("00001", "Phường Phúc Xá", 3), (baDinh[0].Code, baDinh[0].Name, baDinh[0].Level));
        Assert.Empty(ward);
        var unknown = await Refusals.AssertAsync(StatusCode.NotFound, () => anonymous.Regions.ListRegionsAsync(new ListRegionsRequest { ParentCode = "999" }).ResponseAsync, "parent_code", "999");
        Assert.Contains("không có đơn vị hành chính", unknown.Vietnamese(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_district_of_Ha_Noi_under_Ho_Chi_Minh_City_is_refused_naming_both()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());

        var refusal = await Refusals.AssertAsync(StatusCode.InvalidArgument, () => Citizens.RegisterVenueAsync(manager, "Quán Nhầm Quận", province: "79", district: "001", ward: "00001"), "district_code", "Quận Ba Đình", "Thành phố Hồ Chí Minh");

        var district = Assert.Single(refusal.InvalidFields());
        Assert.Equal("district_code", district.Field);
        Assert.Equal("Quận Ba Đình không thuộc Thành phố Hồ Chí Minh; bạn vui lòng chọn Quận/Huyện của Thành phố Hồ Chí Minh.", district.Vietnamese);
        Assert.Equal(district.Vietnamese, refusal.Vietnamese());
    }

    [Fact]
    public async Task A_ward_outside_its_district_is_refused_naming_the_district()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());

        // Phường Linh Trung lies in Thành phố Thủ Đức, not in Quận 1.
        var refusal = await Refusals.AssertAsync(StatusCode.InvalidArgument, () => Citizens.RegisterVenueAsync(manager, "Quán Nhầm Phường", province: "79", district: "760", ward: "26800"), "ward_code", "Quận 1");

        var ward = Assert.Single(refusal.InvalidFields());
        Assert.Equal("ward_code", ward.Field);
        Assert.Contains("Phường Linh Trung không thuộc Quận 1", ward.Vietnamese, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_with_many_mistakes_names_every_invalid_field_at_once()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var request = new RegisterVenueRequest { Name = " ", ProvinceCode = "01", DistrictCode = "760", WardCode = "26734", StreetAddress = "", RegistrantName = new string('A', 101), ParentVenueId = "X-1" };

        var refusal = await Refusals.AssertAsync(StatusCode.InvalidArgument, () => manager.Venues.RegisterVenueAsync(request).ResponseAsync, "name", "district_code", "street_address", "registrant_name", "parent_venue_id");

        var fields = refusal.InvalidFields().ToDictionary(f => f.Field, f => f.Vietnamese);
        Assert.Equal(["district_code", "name", "parent_venue_id", "registrant_name", "street_address"], fields.Keys.Order());
        Assert.Equal("Bạn vui lòng nhập Tên địa điểm.", fields["name"]);
        Assert.Contains("không thuộc Thành phố Hà Nội", fields["district_code"], StringComparison.Ordinal);
        // The ward is not judged against a district that is itself refused.
        Assert.DoesNotContain("ward_code", fields.Keys);
        Assert.All(fields.Values, v => Assert.DoesNotContain("_", v, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_registered_venue_carries_the_names_of_its_province_district_and_ward()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());

        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà sách Bến Nghé", ward: "26740");
        var fetched = (await manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venue.VenueId })).Venue;

        Assert.Equal(("Thành phố Hồ Chí Minh", "Quận 1", "Phường Bến Nghé"), (venue.ProvinceName, venue.DistrictName, venue.WardName));
        Assert.Equal(("Thành phố Hồ Chí Minh", "Quận 1", "Phường Bến Nghé"), (fetched.ProvinceName, fetched.DistrictName, fetched.WardName));
        using var anonymous = Server.Anonymous();
        using var map = anonymous.Safety.QuerySafetyMap(new QuerySafetyMapRequest { RegionCode = "26740" });
        var standing = Assert.Single(await Citizens.ReadToEndAsync(map.ResponseStream), s => s.VenueId == venue.VenueId);
        Assert.Equal(("Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh", "1 Lê Lợi, Bến Nghé"), (standing.Place, standing.StreetAddress));
    }

    [Fact]
    public async Task A_declarations_home_must_nest_and_every_invalid_field_is_named_at_once()
    {
        var (visitor, _) = await Citizens.DeviceAsync(Server);
        var request = new SubmitDeclarationRequest { FullName = "", BirthYear = 1850, Kind = DeclarationKind.Domestic, ProvinceCode = "79", DistrictCode = "001" };

        var refusal = await Refusals.AssertAsync(StatusCode.InvalidArgument, () => visitor.Declarations.SubmitDeclarationAsync(request).ResponseAsync, "full_name", "birth_year", "district_code", "Quận Ba Đình");

        Assert.Equal(["birth_year", "district_code", "full_name"], refusal.InvalidFields().Select(f => f.Field).Order());
        // A partial home is fine when what is given nests: a province alone, or a province and its district.
        await visitor.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest { FullName = "Lý Thị Nhà", BirthYear = 1990, Kind = DeclarationKind.Domestic, ProvinceCode = "79", DistrictCode = "760" });
    }

    [Fact]
    public async Task Region_filters_refuse_codes_that_are_not_units_of_2021()
    {
        using var anonymous = Server.Anonymous();
        using var partner = Server.WithApiKey(ServerProcess.PartnerKey);

        using var map = anonymous.Safety.QuerySafetyMap(new QuerySafetyMapRequest { RegionCode = "998" });
        var refusal = await Refusals.AssertAsync(StatusCode.InvalidArgument, () => Citizens.ReadToEndAsync(map.ResponseStream), "region_code", "998");
        Assert.Equal("region_code", Assert.Single(refusal.InvalidFields()).Field);
        var feed = await Refusals.AssertAsync(StatusCode.PermissionDenied, () => partner.Exposures.FetchNotificationsAsync(new FetchNotificationsRequest { ProvinceCode = "01" }).ResponseAsync, "79");
        Assert.Contains("Thành phố Hồ Chí Minh", feed.Vietnamese(), StringComparison.Ordinal);
    }
}
