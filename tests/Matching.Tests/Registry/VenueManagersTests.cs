using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Registry;

/// <summary>A venue's managers kept both ways, and the approval codes of access requests: their life, tries and rations.</summary>
public sealed class VenueManagersTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Managers_are_listed_per_venue_removed_from_both_sides_and_the_registrant_is_never_removed()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        var venues = new Venues(store, new ManualClock(EngineTown.Noon));
        var building = venues.Register(Named("Toà nhà Bitexco"), "u-owner");
        var unit = venues.Register(Named("Quầy cà phê tầng 50") with { ParentVenueId = building.VenueId }, "u-owner");
        venues.AddManager("u-co", building.VenueId);
        venues.AddManager("u-co", building.VenueId);
        venues.AddManager("u-barista", unit.VenueId);

        Assert.Equal(["u-owner", "u-co"], venues.DirectManagers(building));
        Assert.Equal(["u-barista"], venues.DirectManagers(unit));
        Assert.Equal("u-owner", venues.RegistrantOf(unit));
        Assert.True(venues.IsManager("u-co", unit.VenueId));
        Assert.False(venues.IsManager("u-barista", building.VenueId));

        Assert.True(venues.RemoveManager("u-co", building.VenueId));
        Assert.False(venues.RemoveManager("u-co", building.VenueId));
        Assert.False(venues.IsManager("u-co", unit.VenueId));
        Assert.Empty(venues.ManagedBy("u-co"));
        Assert.Equal(["u-owner"], venues.DirectManagers(building));
        var refusal = Assert.Throws<TracingException>(() => venues.RemoveManager("u-owner", building.VenueId));
        Assert.Equal(TracingError.FailedPrecondition, refusal.Error);
        Assert.True(venues.IsManager("u-owner", unit.VenueId));
    }

    [Fact]
    public async Task A_store_from_before_consent_loses_the_managers_no_one_consented_to_once_and_keeps_its_registrants()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        var venues = new Venues(store, new ManualClock(EngineTown.Noon));
        var market = venues.Register(Named("Chợ Bến Thành"), "u-owner");
        var stall = venues.Register(Named("Sạp 12") with { ParentVenueId = market.VenueId }, "u-owner");
        var kiosk = venues.Register(Named("Ki-ốt báo"), "u-taker");
        // What the self-service AddManagedVenue of before wrote: only the person's own list, for a venue they merely knew.
        store.AppendItem(StoreKeys.ForManagedVenues("u-taker"), market.Number);
        Assert.True(venues.IsManager("u-taker", stall.VenueId));

        Assert.Equal(1, venues.DropManagersWithoutConsent(["u-owner", "u-taker", "u-nobody"]));

        Assert.False(venues.IsManager("u-taker", market.VenueId));
        Assert.False(venues.IsManager("u-taker", stall.VenueId));
        Assert.True(venues.IsManager("u-taker", kiosk.VenueId));
        Assert.True(venues.IsManager("u-owner", stall.VenueId));
        // Once per store: a co-manager added by consent afterwards stays.
        venues.AddManager("u-co", market.VenueId);
        Assert.Equal(0, venues.DropManagersWithoutConsent(["u-owner", "u-taker", "u-co"]));
        Assert.True(venues.IsManager("u-co", market.VenueId));
    }

    [Fact]
    public async Task An_approval_code_is_for_one_person_and_one_venue_expires_and_is_rationed()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        var clock = new ManualClock(EngineTown.Noon);
        var venues = new Venues(store, clock);
        var requests = new VenueAccessRequests(store, clock);
        var cafe = venues.Register(Named("Quán cà phê"), "u-owner");
        var shop = venues.Register(Named("Tiệm sách"), "u-owner");

        var code = requests.Issue(cafe, "u-asker").Code;
        Assert.Equal(TracingError.FailedPrecondition, Assert.Throws<TracingException>(() => requests.Verify(cafe, "u-other", code)).Error);
        Assert.Equal(TracingError.FailedPrecondition, Assert.Throws<TracingException>(() => requests.Verify(shop, "u-asker", code)).Error);
        Assert.Equal(TracingError.ResourceExhausted, Assert.Throws<TracingException>(() => requests.Issue(cafe, "u-asker")).Error);

        clock.Now += VenueAccessRequests.Lifetime;
        Assert.Contains("expired", Assert.Throws<TracingException>(() => requests.Verify(cafe, "u-asker", code)).Message, StringComparison.Ordinal);

        var fresh = requests.Issue(cafe, "u-asker").Code;
        requests.Verify(cafe, "u-asker", fresh);
        Assert.Equal(TracingError.FailedPrecondition, Assert.Throws<TracingException>(() => requests.Verify(cafe, "u-asker", fresh)).Error);

        clock.Now += VenueAccessRequests.ResendInterval;
        requests.Issue(cafe, "u-asker");
        clock.Now += VenueAccessRequests.ResendInterval;
        Assert.Contains("3 times today", Assert.Throws<TracingException>(() => requests.Issue(cafe, "u-asker")).Message, StringComparison.Ordinal);
        clock.Now += TimeSpan.FromDays(1);
        requests.Issue(cafe, "u-asker");

        // One person asking for every venue in town runs out after ten a day.
        for (var i = 0; i < VenueAccessRequests.MaxRequestsPerPersonPerDay; i++)
            requests.Issue(venues.Register(Named($"Quán số {i}"), "u-owner"), "u-spammer");
        var more = venues.Register(Named("Quán số mười một"), "u-owner");
        Assert.Equal(TracingError.ResourceExhausted, Assert.Throws<TracingException>(() => requests.Issue(more, "u-spammer")).Error);
    }

    private static VenueRegistration Named(string name) => new()
    {
        Name = name,
        ProvinceCode = "79",
        DistrictCode = "760",
        WardCode = "26734",
        StreetAddress = "2 Hải Triều",
        RegistrantName = "Chủ Toà Nhà",
        RegistrantPhone = "0966323000",
    };
}
