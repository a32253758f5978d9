using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>Coverage over gRPC: a provincial office sees its district's wards, lagging first; others are kept to their own.</summary>
public sealed class CoverageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // A district of its own, so other tests' venues on the shared server do not count here.
    private const string District = "769";
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_provincial_office_sees_its_districts_wards_with_the_lagging_one_first()
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

        Assert.Equal(["26803", "26800"], report.Rows.Select(r => r.RegionCode));
        Assert.Equal((1L, 0L, 0L, 1L), (report.Rows[0].VenuesRegistered, report.Rows[0].VenuesActive, report.Rows[0].Scans, report.Rows[0].Declarations));
        Assert.Equal((2L, 1L, 2L, 1L), (report.Rows[1].VenuesRegistered, report.Rows[1].VenuesActive, report.Rows[1].Scans, report.Rows[1].DistinctVisitors));
        Assert.Equal(7, report.Rows[1].DailyScans.Count);
        Assert.Equal(2, report.Rows[1].DailyScans[^1]);
        Assert.Contains(District, (await health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79" })).Rows.Select(r => r.RegionCode));
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
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "26800" }).ResponseAsync, "district");
        // The last instant a Timestamp can hold (found by the fuzzer: it crashed the report before).
        var endOfTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 };
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => health.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = "79", Date = endOfTime }).ResponseAsync, "in the future");
        // Another province's office asking about a district of province 79 sees none of it.
        Assert.Empty((await otherHealth.Reports.GetCoverageAsync(new GetCoverageRequest { RegionCode = District })).Rows);
    }
}
