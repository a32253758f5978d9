using Grpc.Core;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>Venue codes as people type them: printed form accepted, a typo refused with the reason.</summary>
public sealed class VenueCodeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_venue_is_found_by_its_code_as_printed_on_the_poster()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Cà Phê Giảng");
        var printed = VenueCode.Display(venue.VenueId);

        var found = await manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = printed });
        var unit = await manager.Venues.RegisterVenueAsync(new RegisterVenueRequest
        {
            Name = "Cà Phê Giảng — tầng 2",
            ProvinceCode = "01",
            DistrictCode = "001",
            WardCode = "00001",
            StreetAddress = "39 Nguyễn Hữu Huân",
            RegistrantName = "Nguyễn Văn Giảng",
            RegistrantPhone = "0901234567",
            ParentVenueId = printed.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal),
        });

        Assert.StartsWith("V-", printed, StringComparison.Ordinal);
        Assert.Equal(venue.VenueId, found.Venue.VenueId);
        Assert.Equal(venue.VenueId, unit.Venue.ParentVenueId);
    }

    [Fact]
    public async Task A_mistyped_code_is_refused_as_a_typo_and_an_unknown_one_as_not_found()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Bún Chả Hương Liên");
        var last = venue.VenueId[^1];
        var typo = venue.VenueId[..^1] + (last == '0' ? '1' : '0');

        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = typo }).ResponseAsync, "mistyped");
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => manager.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = "v-123" }).ResponseAsync, "characters");
        var unregistered = VenueCode.New();
        await Refusals.AssertAsync(StatusCode.NotFound, () => manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = unregistered }).ResponseAsync, VenueCode.Display(unregistered));
    }
}
