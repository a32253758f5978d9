using Tracing.Matching.Model;

namespace Tracing.Matching.Tests.Tracing;

/// <summary>A personal code shared online scans everywhere: past the daily cap, scans are flagged, never dropped.</summary>
public sealed class DailyScanCapTests
{
    [Fact]
    public async Task Scans_past_the_daily_cap_are_kept_and_flagged_and_the_count_starts_again_the_next_day()
    {
        var now = EngineTown.Noon;
        await using var town = new EngineTown(now.AddDays(1), new TracingRules { DailyScanCap = 3 });
        var shared = town.NewPerson();
        var other = town.NewPerson();
        var venue = town.NewVenue("Chợ Bến Thành");

        for (var i = 0; i < 5; i++)
            town.Scan(shared, venue, now.AddMinutes(-100 + (10 * i)), i % 2 == 0 ? ScanDirection.In : ScanDirection.Out);
        town.Scan(other, venue, now.AddMinutes(-5), ScanDirection.In);
        town.Scan(shared, venue, now.AddDays(1).AddMinutes(-10), ScanDirection.In);

        var firstDay = town.Engine.CheckIns.ScansOf(shared.Number, now.AddHours(-3).ToUnixTimeSeconds(), now.ToUnixTimeSeconds());
        Assert.Equal(5, firstDay.Length);
        Assert.Equal(
            [ScanFlags.None, ScanFlags.None, ScanFlags.None, ScanFlags.OverDailyCap, ScanFlags.OverDailyCap],
            firstDay.Select(s => s.Flags));
        Assert.Equal(ScanFlags.None, Assert.Single(town.Engine.CheckIns.ScansOf(other.Number, now.AddHours(-1).ToUnixTimeSeconds(), now.ToUnixTimeSeconds())).Flags);
        var nextDay = town.Engine.CheckIns.ScansOf(shared.Number, now.AddDays(1).AddHours(-1).ToUnixTimeSeconds(), now.AddDays(1).ToUnixTimeSeconds());
        Assert.Equal(ScanFlags.None, Assert.Single(nextDay).Flags);
        // Flagged scans still make visits, so tracing still finds whoever really was there.
        Assert.Equal(3, town.Engine.CheckIns.VisitsOf(shared.Number, now.AddHours(-3).ToUnixTimeSeconds(), now.ToUnixTimeSeconds()).Count);
    }
}
