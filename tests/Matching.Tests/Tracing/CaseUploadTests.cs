using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Tests.Tracing;

/// <summary>What a key upload may and may not count: nothing twice.</summary>
public sealed class CaseUploadTests
{
    private static readonly DateTimeOffset Onset = EngineTown.Noon.AddDays(-1);

    private static DateTimeOffset At(int hour, int minute) => new(2021, 8, 10, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_same_key_twice_is_refused_and_the_code_stays_usable()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (patient, observer) = (town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(3));
        var interval = EngineTown.IntervalOf(At(8, 0));
        town.Sight(observer, (EngineTown.Rpi(tek, interval), At(8, 1), 540, 50), (EngineTown.Rpi(tek, interval + 1), At(8, 11), 540, 50));
        var report = town.Report(patient, Onset);
        var key = EngineTown.DailyKey(tek, At(8, 0));

        var refusal = Assert.Throws<TracingException>(() => town.Engine.Cases.UploadKeys(patient, report.VerificationCode, [key, key]));
        Assert.Equal(TracingError.InvalidArgument, refusal.Error);

        // 18 minutes, counted once (36 if the key were counted twice).
        town.Engine.Cases.UploadKeys(patient, report.VerificationCode, [key]);
        var exposure = Assert.Single(town.Engine.Cases.Find(report.CaseId)!.Exposures, e => e.UserId == observer.UserId);
        Assert.Equal(18, exposure.WeightedMinutes, precision: 2);
    }

    [Fact]
    public async Task An_F1_exposed_twice_exposes_each_F2_once()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (shop, market) = (town.NewVenue("Tiệm bánh"), town.NewVenue("Chợ"));
        var (patient, f1, f2) = (town.NewPerson(), town.NewPerson(), town.NewPerson());
        // The F1 meets the case twice (morning and noon), then shares the market with the F2 for 40 minutes.
        town.Stay(patient, shop, At(7, 0), At(7, 20));
        town.Stay(f1, shop, At(7, 0), At(7, 20));
        town.Stay(patient, shop, At(9, 0), At(9, 20));
        town.Stay(f1, shop, At(9, 0), At(9, 20));
        town.Stay(f1, market, At(10, 0), At(10, 40));
        town.Stay(f2, market, At(10, 0), At(10, 40));

        var file = town.ReportAndUpload(patient, Onset);

        var second = Assert.Single(file.Exposures, e => e.UserId == f2.UserId);
        Assert.Equal((ExposureTier.F2, market.VenueId), (second.Tier, second.VenueId));
        Assert.Equal(40, second.WeightedMinutes, precision: 2);
        Assert.Single(town.Engine.Notifications.OfPerson(f2.Number));
    }
}
