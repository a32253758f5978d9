using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>Paging through a long scan history: every record once, in order, even while new scans arrive.</summary>
public sealed class ScanHistoryPagingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task Pages_follow_each_other_without_gaps_or_repeats_while_new_scans_arrive()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà Văn Hóa Thanh Niên");
        var t = Citizens.ThisMinute();
        for (var i = 0; i < 5; i++)
        {
            var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, $"Khách Số {i}");
            await Citizens.ScanAsync(visitor, venue, Direction.In, t.AddMinutes(-50 + (5 * i)));
        }

        var first = await PageAsync(manager, venue, "");
        Assert.Equal(2, first.Count);
        Assert.NotEmpty(first[^1].NextPageToken);
        Assert.All(first[..^1], r => Assert.Empty(r.NextPageToken));
        // A newer scan arrives between two pages: it belongs before the first page, not in the next one.
        var (late, _) = await Citizens.DeclaredDeviceAsync(Server, "Khách Đến Muộn");
        await Citizens.ScanAsync(late, venue, Direction.In, t.AddMinutes(-1));
        var second = await PageAsync(manager, venue, first[^1].NextPageToken);
        var third = await PageAsync(manager, venue, second[^1].NextPageToken);

        Assert.Equal(2, second.Count);
        Assert.Single(third);
        Assert.Empty(third[^1].NextPageToken);
        var names = first.Concat(second).Concat(third).Select(r => r.Scan.VisitorName).ToList();
        Assert.Equal(["KHÁCH SỐ ***", "KHÁCH SỐ ***", "KHÁCH SỐ ***", "KHÁCH SỐ ***", "KHÁCH SỐ ***"], names);
        var times = first.Concat(second).Concat(third).Select(r => r.Scan.ScannedAt.ToDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(x => x), times);
        Assert.Equal(5, times.Distinct().Count());
    }

    [Fact]
    public async Task A_page_token_that_was_not_given_out_is_refused()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        await Citizens.RegisterVenueAsync(manager, "Quán Nước Mía");
        await Refusals.AssertAsync(
            StatusCode.InvalidArgument,
            () => Citizens.ReadToEndAsync(manager.CheckIn.ListScanHistory(new ListScanHistoryRequest { PageToken = "h1.not.a.token" }).ResponseStream),
            "next_page_token");
    }

    [Fact]
    public async Task A_health_department_names_the_venues_whose_history_it_reads()
    {
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        await Refusals.AssertAsync(
            StatusCode.InvalidArgument,
            () => Citizens.ReadToEndAsync(health.CheckIn.ListScanHistory(new ListScanHistoryRequest()).ResponseStream),
            "venue_ids");
        await Refusals.AssertAsync(
            StatusCode.InvalidArgument,
            () => Citizens.ReadToEndAsync(health.CheckIn.ExportScanHistory(new ExportScanHistoryRequest()).ResponseStream),
            "venue_ids");
    }

    private static async Task<List<ListScanHistoryResponse>> PageAsync(Clients.TracingClient reader, Venue venue, string token)
        => await Citizens.ReadToEndAsync(reader.CheckIn.ListScanHistory(new ListScanHistoryRequest { VenueIds = { venue.VenueId }, MaxResults = 2, PageToken = token }).ResponseStream);
}
