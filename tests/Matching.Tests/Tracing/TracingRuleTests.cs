using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Tests.Tracing;

/// <summary>One rule of SPEC §2 per test, through the real engine.</summary>
public sealed class TracingRuleTests
{
    private static readonly DateTimeOffset Onset = EngineTown.Noon.AddDays(-1);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2021, 8, 10, hour, minute, second, TimeSpan.Zero);

    private static List<Exposure> Of(CaseFile file, Person person) => file.Exposures.Where(e => e.UserId == person.UserId).ToList();

    [Fact]
    public async Task Arriving_inside_the_linger_buffer_is_F1_and_just_after_it_is_not()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var venue = town.NewVenue("Chợ Đồng Xuân");
        var (patient, inside, outside) = (town.NewPerson(), town.NewPerson(), town.NewPerson());
        town.Stay(patient, venue, At(9, 0), At(9, 30));
        town.Stay(inside, venue, At(9, 59), At(10, 20));   // 29 minutes after the case left
        town.Stay(outside, venue, At(10, 1), At(10, 20));  // 31 minutes after

        var file = town.ReportAndUpload(patient, Onset);

        var exposure = Assert.Single(Of(file, inside));
        Assert.Equal((ExposureTier.F1, ExposureKind.Venue, venue.VenueId), (exposure.Tier, exposure.Kind, exposure.VenueId));
        Assert.Equal(At(9, 59), exposure.Start);
        Assert.Equal(At(10, 0), exposure.End);
        // Not F1; only F2, through the F1 `inside` who was still there when they arrived.
        Assert.Equal(ExposureTier.F2, Assert.Single(Of(file, outside)).Tier);
    }

    [Fact]
    public async Task A_sighting_more_than_two_hours_from_its_identifiers_interval_does_not_count()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (patient, onTime, offTime) = (town.NewPerson(), town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(1));
        var interval = EngineTown.IntervalOf(At(6, 0)); // broadcast 06:00–06:10
        var rpi = EngineTown.Rpi(tek, interval);
        town.Sight(onTime, (rpi, At(8, 9, 59), 20 * 60, 50));   // 1 h 59 min 59 s after the interval ended
        town.Sight(offTime, (rpi, At(8, 10, 1), 20 * 60, 50));  // just over 2 h after
        town.Sight(offTime, (rpi, At(3, 59, 0), 20 * 60, 50));  // 2 h 1 min before it began

        var file = town.ReportAndUpload(patient, Onset, ReportKind.ConfirmedTest, EngineTown.DailyKey(tek, At(0, 0)));

        var exposure = Assert.Single(Of(file, onTime));
        Assert.Equal((ExposureTier.F1, ExposureKind.Proximity), (exposure.Tier, exposure.Kind));
        Assert.Equal(20, exposure.WeightedMinutes);
        Assert.Empty(Of(file, offTime));
    }

    [Fact]
    public async Task A_far_sighting_at_80_dB_does_not_count_however_long()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (patient, near, far) = (town.NewPerson(), town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(2));
        var interval = EngineTown.IntervalOf(At(6, 0));
        var rpi = EngineTown.Rpi(tek, interval);
        town.Sight(far, (rpi, At(6, 0), 60 * 60, 80));
        town.Sight(near, (rpi, At(6, 0), 30 * 60, 73)); // 30 min × 0.5 = 15 weighted minutes

        var file = town.ReportAndUpload(patient, Onset, ReportKind.ConfirmedTest, EngineTown.DailyKey(tek, At(0, 0)));

        Assert.Equal(15, Assert.Single(Of(file, near)).WeightedMinutes);
        Assert.Empty(Of(file, far));
    }

    [Theory]
    [InlineData(870, 50, false)]  // 14.5 min × 1.0
    [InlineData(900, 50, true)]   // 15 min × 1.0
    [InlineData(900, 63, true)]   // 15 min × 1.0, the top of the second bucket
    [InlineData(1740, 73, false)] // 29 min × 0.5 = 14.5
    [InlineData(1800, 73, true)]  // 30 min × 0.5 = 15
    [InlineData(1800, 64, true)]  // 64 dB is in the 0.5 bucket
    public async Task Fifteen_weighted_minutes_make_F1_and_fourteen_and_a_half_do_not(int seconds, int attenuation, bool exposed)
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (patient, observer) = (town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(3));
        var rpi = EngineTown.Rpi(tek, EngineTown.IntervalOf(At(6, 0)));
        // Split into two sightings of the same identifier on the same day: minutes add up per observer and day.
        town.Sight(observer, (rpi, At(6, 0), seconds / 2, attenuation), (rpi, At(6, 30), seconds - (seconds / 2), attenuation));

        var file = town.ReportAndUpload(patient, Onset, ReportKind.ConfirmedTest, EngineTown.DailyKey(tek, At(0, 0)));

        Assert.Equal(exposed, Of(file, observer).Any(e => e is { Tier: ExposureTier.F1, Kind: ExposureKind.Proximity }));
    }

    [Fact]
    public async Task Fifteen_minutes_made_of_nine_100_second_sightings_make_F1()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (patient, observer) = (town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(4));
        var rpi = EngineTown.Rpi(tek, EngineTown.IntervalOf(At(6, 0)));
        var sightings = Enumerable.Range(0, 9).Select(i => (rpi, At(6, 0).AddSeconds(i * 100), 100, 50)).ToArray();
        town.Sight(observer, sightings);

        var file = town.ReportAndUpload(patient, Onset, ReportKind.ConfirmedTest, EngineTown.DailyKey(tek, At(0, 0)));

        Assert.Contains(Of(file, observer), e => e is { Tier: ExposureTier.F1, Kind: ExposureKind.Proximity });
    }

    [Fact]
    public async Task F2_comes_only_from_the_F1s_visits_after_its_own_exposure()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (market, cafe, shop) = (town.NewVenue("Chợ"), town.NewVenue("Cà phê"), town.NewVenue("Tạp hoá"));
        var (patient, contact, before, after) = (town.NewPerson(), town.NewPerson(), town.NewPerson(), town.NewPerson());
        town.Stay(contact, cafe, At(7, 0), At(7, 45));
        town.Stay(before, cafe, At(7, 10), At(7, 40));  // met the F1 before the F1 met the case
        town.Stay(patient, market, At(8, 0), At(8, 30));
        town.Stay(contact, market, At(8, 10), At(8, 40));
        town.Stay(contact, shop, At(10, 0), At(10, 30));
        town.Stay(after, shop, At(10, 15), At(10, 45));  // met the F1 after

        var file = town.ReportAndUpload(patient, Onset);

        Assert.Equal(ExposureTier.F1, Assert.Single(Of(file, contact)).Tier);
        var second = Assert.Single(Of(file, after));
        Assert.Equal((ExposureTier.F2, ExposureKind.Venue, shop.VenueId), (second.Tier, second.Kind, second.VenueId));
        Assert.Empty(Of(file, before));
    }

    [Fact]
    public async Task The_case_never_appears_in_its_own_exposures()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (market, cafe) = (town.NewVenue("Chợ"), town.NewVenue("Cà phê"));
        var (patient, contact) = (town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(5));
        town.Stay(patient, market, At(8, 0), At(8, 30));
        town.Stay(contact, market, At(8, 10), At(8, 40));
        // The F1 later goes where the case is again: the case must not come back as the F1's F2.
        town.Stay(contact, cafe, At(10, 0), At(10, 30));
        town.Stay(patient, cafe, At(10, 5), At(10, 25));
        // The case's own phone "hears" its own identifier.
        var rpi = EngineTown.Rpi(tek, EngineTown.IntervalOf(At(8, 0)));
        town.Sight(patient, (rpi, At(8, 0), 30 * 60, 40));
        town.Sight(contact, (rpi, At(8, 10), 20 * 60, 40));

        var file = town.ReportAndUpload(patient, Onset, ReportKind.ConfirmedTest, EngineTown.DailyKey(tek, At(0, 0)));

        Assert.Empty(Of(file, patient));
        Assert.Contains(Of(file, contact), e => e.Kind == ExposureKind.Proximity);
        Assert.Empty(town.Engine.Notifications.OfPerson(patient.Number));
    }

    [Fact]
    public async Task A_recursive_report_makes_its_direct_contacts_F2_and_adds_no_further_tier()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (market, cafe) = (town.NewVenue("Chợ"), town.NewVenue("Cà phê"));
        var (reported, atVenue, nearby, later) = (town.NewPerson(), town.NewPerson(), town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(6));
        town.Stay(reported, market, At(8, 0), At(8, 30));
        town.Stay(atVenue, market, At(8, 10), At(8, 40));
        town.Stay(atVenue, cafe, At(10, 0), At(10, 30));
        town.Stay(later, cafe, At(10, 5), At(10, 25)); // would be F2 of a confirmed case, is nothing here
        town.Sight(nearby, (EngineTown.Rpi(tek, EngineTown.IntervalOf(At(9, 0))), At(9, 0), 20 * 60, 50));
        town.Stay(nearby, cafe, At(10, 0), At(10, 30));

        var file = town.ReportAndUpload(reported, Onset, ReportKind.Recursive, EngineTown.DailyKey(tek, At(0, 0)));

        Assert.Equal((ExposureTier.F2, ExposureKind.Venue), Assert.Single(Of(file, atVenue)) is var v ? (v.Tier, v.Kind) : default);
        Assert.Equal((ExposureTier.F2, ExposureKind.Proximity), Assert.Single(Of(file, nearby)) is var p ? (p.Tier, p.Kind) : default);
        Assert.Empty(Of(file, later));
        Assert.Empty(Of(file, reported));
        Assert.DoesNotContain(file.Exposures, e => e.Tier == ExposureTier.F1);
    }

    [Fact]
    public async Task A_re_scan_after_declaring_joins_the_same_visit()
    {
        await using var town = new EngineTown(At(10, 2));
        var venue = town.NewVenue("Siêu thị");
        var (patient, visitor) = (town.NewPerson(), town.NewPerson());

        Assert.Equal(ScanOutcome.DeclarationRequired, town.Scan(visitor, venue, At(10, 0), ScanDirection.In).Outcome);
        town.Engine.Declarations.Submit(visitor, new DeclarationForm("Trần Thị B", 1990, "", 1, false, []));
        town.Clock.Now = At(10, 3);
        Assert.Equal(ScanOutcome.Accepted, town.Scan(visitor, venue, At(10, 3), ScanDirection.In).Outcome);
        town.Clock.Now = At(12, 0);
        town.Scan(visitor, venue, At(10, 40), ScanDirection.Out);
        town.Stay(patient, venue, At(9, 0), At(9, 45)); // left 9:45: with linger, exposed until 10:15

        var visit = Assert.Single(town.Engine.CheckIns.VisitsOf(visitor.Number, At(0, 0).ToUnixTimeSeconds(), At(12, 0).ToUnixTimeSeconds()));
        Assert.Equal((At(10, 0).ToUnixTimeSeconds(), At(10, 40).ToUnixTimeSeconds(), true), (visit.Start, visit.End, visit.ScannedOut));
        var exposure = Assert.Single(Of(town.ReportAndUpload(patient, Onset), visitor));
        Assert.Equal((At(10, 0), At(10, 15)), (exposure.Start, exposure.End));
    }

    [Fact]
    public async Task Someone_who_stayed_through_the_cases_visit_and_left_after_the_linger_is_F1()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var venue = town.NewVenue("Văn phòng");
        var (patient, worker) = (town.NewPerson(), town.NewPerson());
        town.Stay(worker, venue, At(7, 0), At(11, 30)); // 4 h 30 min: well inside the 12-hour longest visit
        town.Stay(patient, venue, At(9, 0), At(9, 30));

        var file = town.ReportAndUpload(patient, Onset);

        var exposure = Assert.Single(Of(file, worker));
        Assert.Equal((ExposureTier.F1, At(9, 0), At(10, 0)), (exposure.Tier, exposure.Start, exposure.End));
    }

    [Fact]
    public async Task An_out_scan_at_another_venue_does_not_end_the_visit()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (office, shop) = (town.NewVenue("Văn phòng"), town.NewVenue("Tạp hoá"));
        var (patient, worker) = (town.NewPerson(), town.NewPerson());
        town.Scan(worker, office, At(9, 0), ScanDirection.In);
        town.Scan(worker, shop, At(9, 5), ScanDirection.Out); // a stray out-scan (no visit open at the shop)
        town.Scan(worker, office, At(9, 50), ScanDirection.Out);
        town.Stay(patient, office, At(9, 30), At(9, 40));

        var visit = Assert.Single(town.Engine.CheckIns.VisitsOf(worker.Number, At(0, 0).ToUnixTimeSeconds(), At(12, 0).ToUnixTimeSeconds()));
        Assert.Equal((office.Number, At(9, 0).ToUnixTimeSeconds(), At(9, 50).ToUnixTimeSeconds()), (visit.Venue, visit.Start, visit.End));
        Assert.Single(Of(town.ReportAndUpload(patient, Onset), worker));
    }
}
