using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Registry;

/// <summary>Venues found by province, district or ward through their index, including those of a store older than it.</summary>
public sealed class VenueRegionIndexTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Venues_are_listed_by_region_and_a_store_from_before_the_index_is_indexed_when_opened()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        var clock = new ManualClock(EngineTown.Noon);
        var venues = new Venues(store, clock);
        var market = venues.Register(At("Chợ Bến Thành", "79", "760", "26734"), "u-manager");
        var school = venues.Register(At("Trường Kết Đoàn", "79", "760", "26737"), "u-manager");
        var hanoi = venues.Register(At("Chợ Đồng Xuân", "01", "001", "00001"), "u-manager");
        Assert.Equal([market.Number, school.Number], venues.NumbersIn("79"));
        Assert.Equal([school.Number], venues.NumbersIn("26737"));

        // What a store written before the index looked like: venues, but no region lists and no marker.
        foreach (var code in (string[])["79", "760", "26734", "26737", "01", "001", "00001"])
            store.Delete(StoreKeys.ForVenuesInRegion(code));
        store.Delete(StoreKeys.ForCounter("venue-regions-indexed"));
        Assert.Empty(venues.NumbersIn("760"));

        var reopened = new Venues(store, clock);

        Assert.Equal([market.Number, school.Number], reopened.NumbersIn("760"));
        Assert.Equal([hanoi.Number], reopened.NumbersIn("01"));
        Assert.Equal([market.Number, school.Number, hanoi.Number], reopened.NumbersIn(""));
        // Indexed once: opening again adds nothing twice.
        Assert.Equal([school.Number], new Venues(store, clock).NumbersIn("26737"));
    }

    private static VenueRegistration At(string name, string province, string district, string ward) => new()
    {
        Name = name,
        ProvinceCode = province,
        DistrictCode = district,
        WardCode = ward,
        StreetAddress = "1 Lê Lợi",
        RegistrantName = "Nguyễn Văn A",
        RegistrantPhone = "0966323000",
    };
}
