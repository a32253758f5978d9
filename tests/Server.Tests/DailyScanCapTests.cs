using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>The daily plausibility cap as managers and health departments see it: flagged rows, nothing lost.</summary>
public sealed class DailyScanCapTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(settings: "--Tracing:Rules:DailyScanCap=3");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Scans_past_the_cap_are_accepted_and_shown_flagged_in_the_history_and_the_CSV()
    {
        var (manager, _) = await Citizens.SignedInAsync(_server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Siêu Thị Co.op Xtra");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(_server, "Lê Văn Tám");
        // The cap counts a person's scans of one UTC day: yesterday noon keeps all four on one day, whenever the test runs.
        var t = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero).AddDays(-1).AddHours(12);

        await Citizens.VisitAsync(visitor, venue, t.AddMinutes(-50), t.AddMinutes(-40));
        await Citizens.VisitAsync(visitor, venue, t.AddMinutes(-30), t.AddMinutes(-20));

        using var health = _server.WithApiKey(ServerProcess.HealthKey);
        var history = await Citizens.HistoryAsync(health, venue.VenueId);
        Assert.Equal(4, history.Count);
        Assert.Equal([true, false, false, false], history.OrderByDescending(r => r.ScannedAt).Select(r => r.FlaggedForReview));
        Assert.All(history, r => Assert.Equal(ScanStatus.Accepted, r.Status));

        var chunks = await Citizens.ReadToEndAsync(manager.CheckIn.ExportScanHistory(new ExportScanHistoryRequest { VenueIds = { venue.VenueId } }).ResponseStream);
        var rows = System.Text.Encoding.UTF8.GetString(chunks.SelectMany(c => c.Chunk.ToByteArray()).ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("Cần kiểm tra", rows[0], StringComparison.Ordinal);
        Assert.Single(rows[1..], r => r.EndsWith(",Quét quá nhiều lần trong ngày", StringComparison.Ordinal));
        Assert.Equal(2, (await Citizens.VisitsAsync(visitor)).Count);
    }
}
