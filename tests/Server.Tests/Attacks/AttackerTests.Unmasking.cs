using System.Text;
using Tracing.V1;

namespace Tracing.Server.Tests.Attacks;

/// <summary>Hole 2, unmasking by search: a venue manager's search matches only what the manager is shown.</summary>
public sealed partial class AttackerTests
{
    [Fact]
    public async Task A_manager_cannot_recover_a_visitors_hidden_phone_digits_or_given_name_by_search()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán Cà Phê Góc Phố");
        var phone = Citizens.NewPhone();
        var (visitor, _) = await Citizens.SignedInAsync(Server, phone);
        await Citizens.DeclareAsync(visitor, "Nguyễn Đình Hoàng", 1987);
        await Citizens.ScanAsync(visitor, venue, Direction.In, Citizens.ThisMinute().AddMinutes(-10));

        var shown = Assert.Single(await Citizens.HistoryAsync(manager, venue.VenueId));
        Assert.Equal(("NGUYỄN ĐÌNH ***", $"{phone[..4]} {phone[4..7]} ***"), (shown.VisitorName, shown.VisitorPhone));

        // The attack: guess the hidden digits one at a time (ten queries per digit), or the hidden given name.
        // Every guess that reaches behind the mask must find nothing, the right guess included.
        for (var digit = 0; digit <= 9; digit++)
            Assert.Empty(await SearchAsync(manager, venue, phone[..7] + digit));
        foreach (var guess in new[] { phone, phone[7..], phone[6..], "Hoàng", "hoàng", "Đình Hoàng", "Nguyễn Đình Hoàng" })
        {
            Assert.Empty(await SearchAsync(manager, venue, guess));
            Assert.Equal(1, await ExportedRowsAsync(manager, venue, guess)); // the header alone
        }

        // What the row shows is searchable: the surname and middle name, the visible digits.
        foreach (var visible in new[] { "Nguyễn Đình", "đình", phone[..7], phone[4..7] })
            Assert.Equal("NGUYỄN ĐÌNH ***", Assert.Single(await SearchAsync(manager, venue, visible)).VisitorName);
        Assert.Equal(2, await ExportedRowsAsync(manager, venue, phone[..7]));

        // The health department, which sees the rows whole, keeps the full search.
        using var health = Server.WithApiKey(ServerProcess.HealthKey);
        foreach (var full in new[] { phone, "Nguyễn Đình Hoàng", "hoàng" })
            Assert.Equal(phone, Assert.Single(await SearchAsync(health, venue, full)).VisitorPhone);
    }

    private static async Task<List<ScanRecord>> SearchAsync(Clients.TracingClient reader, Venue venue, string visitorQuery)
    {
        using var call = reader.CheckIn.ListScanHistory(new ListScanHistoryRequest { VenueIds = { venue.VenueId }, VisitorQuery = visitorQuery });
        return (await Citizens.ReadToEndAsync(call.ResponseStream)).Select(r => r.Scan).ToList();
    }

    /// <summary>The lines of the CSV export, header included.</summary>
    private static async Task<int> ExportedRowsAsync(Clients.TracingClient reader, Venue venue, string visitorQuery)
    {
        using var call = reader.CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { venue.VenueId }, VisitorQuery = visitorQuery });
        var chunks = await Citizens.ReadToEndAsync(call.ResponseStream);
        return Encoding.UTF8.GetString(chunks.SelectMany(c => c.Chunk.ToByteArray()).ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
