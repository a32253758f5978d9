using Grpc.Core;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>The venue registry as managers use it: codes as people type them, and labels.</summary>
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
            ParentVenueId = printed.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal),
        });

        Assert.StartsWith("V-", printed, StringComparison.Ordinal);
        Assert.Equal(venue.VenueId, found.Venue.VenueId);
        Assert.Equal(venue.VenueId, unit.Venue.ParentVenueId);
    }

    [Fact]
    public async Task Labels_are_kept_trimmed_without_repeats_and_too_many_are_refused()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        RegisterVenueRequest Request(params string[] labels) => new()
        {
            Name = "Vincom Đồng Khởi",
            ProvinceCode = "79",
            DistrictCode = "760",
            WardCode = "26740",
            StreetAddress = "72 Lê Thánh Tôn",
            RegistrantName = "Phạm Nhật Vượng",
            Labels = { labels },
        };

        var registered = await manager.Venues.RegisterVenueAsync(Request(" tầng 1 ", "Tầng 1", "", "quầy thu ngân"));
        var read = await manager.Venues.GetVenueAsync(new GetVenueRequest { VenueId = registered.Venue.VenueId });

        Assert.Equal(["tầng 1", "quầy thu ngân"], registered.Venue.Labels);
        Assert.Equal(["tầng 1", "quầy thu ngân"], read.Venue.Labels);
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => manager.Venues.RegisterVenueAsync(Request([.. Enumerable.Range(1, 11).Select(i => $"nhãn {i}")])).ResponseAsync, "at most 10 labels");
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => manager.Venues.RegisterVenueAsync(Request(new string('x', 41))).ResponseAsync, "40 characters");
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
