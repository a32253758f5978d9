using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// Coverage over gRPC: a provincial office sees every ward of its district by name — those without a venue first, with
/// zeros — then the lagging ones, and the district's totals; others are kept to their own province.
/// </summary>
public sealed class CoverageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // A district of its own, so other tests' venues on the shared server do not count here.
    private const string District = "769";
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_provincial_office_sees_every_ward_of_its_district_by_name_with_zeros_first_and_the_totals()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var market = await Citizens.RegisterVenueAsync(manager, "Chợ Thủ Đức", district: District, ward: "26800");
        await Citizens.RegisterVenueAsync(manager, "Nhà thuốc", district: District, ward: "26800");
        await Citizens.RegisterVenueAsync(manager, "Tiệm tạp hóa", district: District, ward: "26803");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Đỗ Văn Quét");
        // Both scans on today in Vietnam, whatever the time: the report counts by Vietnam's day.
        var now = DateTimeOffset.UtcNow;
        var today = Citizens.StartOfVietnamDay(now);
        await Citizens.VisitAsync(visitor, market, today, today + TimeSpan.FromSeconds(Math.Min(20 * 60, Math.Max(1, (now - today).TotalSeconds))));
        await visitor.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = "Đỗ Văn Quét",
            BirthYear = 1980,
            Gender = Gender.Male,
            Kind = DeclarationKind.Domestic,
            ProvinceCode = "79",
            DistrictCode = District,
            WardCode = "26803",
        });
        using var health = Server.WithApiKey(ServerProcess.HealthKey);

        var report = await health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = District });

        // Thành phố Thủ Đức had 34 wards in 2021: 32 without a venue first, with zeros, then the lagging ward.
        Assert.Equal(34, report.Rows.Count);
        Assert.All(report.Rows.Take(32), r => Assert.Equal((0L, 0L, 0L), (r.VenuesRegistered, r.VenuesActive, r.Scans)));
        Assert.All(report.Rows, r => Assert.StartsWith("Phường ", r.RegionName, StringComparison.Ordinal));
        Assert.Equal(["26803", "26800"], report.Rows.Skip(32).Select(r => r.RegionCode));
        Assert.Equal(["Phường Tam Bình", "Phường Linh Trung"], report.Rows.Skip(32).Select(r => r.RegionName));
        var (lagging, busy) = (report.Rows[32], report.Rows[33]);
        Assert.Equal((1L, 0L, 0L, 1L), (lagging.VenuesRegistered, lagging.VenuesActive, lagging.Scans, lagging.Declarations));
        Assert.Equal((2L, 1L, 2L, 1L), (busy.VenuesRegistered, busy.VenuesActive, busy.Scans, busy.DistinctVisitors));
        Assert.Equal(7, busy.DailyScans.Count);
        Assert.Equal(2, busy.DailyScans[^1]);
        Assert.Equal((District, "Thành phố Thủ Đức"), (report.Total.RegionCode, report.Total.RegionName));
        Assert.Equal((3L, 1L, 2L, 1L, 1L), (report.Total.VenuesRegistered, report.Total.VenuesActive, report.Total.Scans, report.Total.DistinctVisitors, report.Total.Declarations));
        var province = await health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79" });
        Assert.Equal(22, province.Rows.Count);
        Assert.Contains(province.Rows, r => (r.RegionCode, r.RegionName) == (District, "Thành phố Thủ Đức") && r.VenuesRegistered >= 3);
        Assert.Contains(province.Rows, r => r.RegionName == "Huyện Cần Giờ");
        Assert.Equal(("79", "Thành phố Hồ Chí Minh"), (province.Total.RegionCode, province.Total.RegionName));
        Assert.Equal(province.Rows.Sum(r => r.VenuesRegistered), province.Total.VenuesRegistered);
    }

    [Fact]
    public async Task Coverage_is_for_health_departments_each_in_its_own_province()
    {
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        using var otherHealth = Server.WithApiKey(ServerProcess.OtherProvinceHealthKey);
        using var partner = Server.WithApiKey(ServerProcess.PartnerKey);
        using var anonymous = Server.Anonymous();

        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => otherHealth.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79" }).ResponseAsync, "province 01");
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => health.Reports.GetCoverageAsync(new GetCoverageRequest()).ResponseAsync, "region_code 79");
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => partner.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79" }).ResponseAsync, "health department");
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => anonymous.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79" }).ResponseAsync);
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "26800" }).ResponseAsync, "district", "769");
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "7x" }).ResponseAsync, "region_code");
        // The last instant a Timestamp can hold (found by the fuzzer: it crashed the report before).
        var endOfTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 };
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79", Date = endOfTime }).ResponseAsync, "in the future");
        // Another province's office asking about a district (or ward) of province 79 is refused, named in Vietnamese too.
        var outside = await Refusals.AssertAsync(StatusCode.PermissionDenied, () => otherHealth.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = District }).ResponseAsync, "province 01");
        Assert.Equal("Khóa của bạn chỉ xem được Thành phố Hà Nội; Thành phố Thủ Đức không thuộc Thành phố Hà Nội.", outside.Vietnamese());
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "001" }).ResponseAsync, "province 79");
    }
}
