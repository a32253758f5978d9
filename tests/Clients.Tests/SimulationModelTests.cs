using Tracing.Cli.Simulation;

namespace Tracing.Clients.Tests;

/// <summary>The simulator's model against small hand-built references: signal, ground truth, scoring, schedules.</summary>
public sealed class SimulationModelTests
{
    private const long Day = 86_400;

    // A UTC midnight, so that "10:00" below is 10:00 UTC and every visit of a test lies within one UTC day.
    private static readonly long s_day0 = new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void Measured_attenuation_grows_with_distance_on_average_and_rssi_falls()
    {
        var random = new Random(1);
        double[] distances = [0.5, 1, 2, 4, 8, 16];
        var means = distances.Select(d => Enumerable.Range(0, 4000).Average(_ => RssiModel.MeasuredAttenuation(d, 6, 0, random))).ToArray();
        for (var i = 1; i < means.Length; i++)
            Assert.True(means[i] > means[i - 1] + 3, $"mean attenuation at {distances[i]} m ({means[i]:0.0}) is not clearly above {distances[i - 1]} m ({means[i - 1]:0.0})");

        // Noise, not bias: the average stays at the path loss plus what the pocket costs.
        Assert.InRange(means[2] - RssiModel.PathLoss(2) - 6, -0.5, 0.5);
        Assert.True(RssiModel.Rssi(-5, (int)means[0]) > RssiModel.Rssi(-5, (int)means[^1]));
    }

    [Fact]
    public void The_true_weights_follow_the_spec_buckets()
    {
        Assert.Equal(1.0, ContactRules.WeightOf(RssiModel.PathLoss(1)));
        Assert.Equal(0.5, ContactRules.WeightOf(RssiModel.PathLoss(6)));
        Assert.Equal(0.0, ContactRules.WeightOf(RssiModel.PathLoss(15)));
    }

    [Fact]
    public void Sharing_a_venue_for_20_minutes_makes_an_F1_and_not_sharing_it_does_not()
    {
        Stay[] visits =
        [
            Visit(person: 0, venue: 0, At(10, 0), At(11, 0)),   // the case
            Visit(person: 1, venue: 0, At(10, 40), At(11, 30)), // 20 minutes together
            Visit(person: 2, venue: 0, At(12, 0), At(13, 0)),   // after the case left and its 30-minute linger
            Visit(person: 3, venue: 0, At(11, 15), At(11, 25)), // within the linger (its own linger ends before person 2 comes)
            Visit(person: 4, venue: 1, At(10, 0), At(11, 0)),   // same time, another venue
            Visit(person: 1, venue: 1, At(12, 0), At(12, 30)),  // the F1 goes on to venue 1 ...
            Visit(person: 5, venue: 1, At(12, 10), At(12, 40)), // ... where person 5 meets them: F2
            Visit(person: 6, venue: 1, At(9, 0), At(9, 30)),    // at venue 1 before the F1 was exposed: nobody
        ];

        var truth = GroundTruth.Compute([Case(0)], visits, [], s_day0 + Day);

        Assert.Equal([1, 3], truth.F1.Keys.Order());
        Assert.Equal(ContactKinds.Venue, truth.F1[1]);
        Assert.Equal([5], truth.F2.Keys.Order());
    }

    [Fact]
    public void Fifteen_weighted_minutes_on_one_day_make_a_proximity_F1()
    {
        ProximityContribution[] near =
        [
            .. Minutes(source: 0, exposed: 7, At(10, 0), 20, weight: 1.0), // 20 weighted minutes
            .. Minutes(source: 0, exposed: 8, At(10, 0), 20, weight: 0.5), // 10 weighted minutes
            .. Minutes(source: 0, exposed: 9, At(23, 50), 20, weight: 1.0), // 10 + 10 across UTC midnight
            .. Minutes(source: 0, exposed: 10, At(10, 0) - (3 * Day), 30, weight: 1.0), // before the infectious window
        ];

        var truth = GroundTruth.Compute([Case(0)], [], near, s_day0 + (2 * Day));

        Assert.Equal([7], truth.F1.Keys);
        Assert.Equal(ContactKinds.Proximity, truth.F1[7]);
    }

    [Fact]
    public void Precision_and_recall_count_what_was_found_against_the_truth()
    {
        var truth = new Dictionary<int, ContactKinds>
        {
            [1] = ContactKinds.Venue,
            [2] = ContactKinds.Proximity,
            [3] = ContactKinds.Venue, // no app
            [4] = ContactKinds.Venue | ContactKinds.Proximity,
        };

        var found = new Dictionary<int, ContactKinds>
        {
            [1] = ContactKinds.Venue,
            [2] = ContactKinds.Venue, // truly exposed by proximity, found only at a venue
            [5] = ContactKinds.Proximity, // a false alarm
        };

        var score = TierScore.Of(truth, found, person => person != 3);

        Assert.Equal(2.0 / 3, score.Precision!.Value, 6);
        Assert.Equal(2.0 / 4, score.Recall!.Value, 6);
        Assert.Equal(2.0 / 3, score.RecallWithApp!.Value, 6);
        Assert.Equal(1.0 / 2, score.VenueRecallWithApp!.Value, 6);     // 1 found at a venue; 4 missed (3 has no app)
        Assert.Equal(0.0, score.ProximityRecallWithApp!.Value, 6);     // 2 and 4: neither found by proximity
        Assert.Null(TierScore.Of(truth, new Dictionary<int, ContactKinds>(), _ => true).Precision);
    }

    [Fact]
    public void Nobody_is_in_two_places_at_once_and_isolated_cases_stay_home()
    {
        var random = new Random(3);
        var city = CityBuilder.Build(400, random);
        var stays = ScheduleBuilder.PlanDay(city, s_day0, weekend: false, person => person % 10 == 0, random);

        foreach (var own in stays.GroupBy(s => s.Person))
        {
            var sorted = own.OrderBy(s => s.Start).ToList();
            for (var i = 1; i < sorted.Count; i++)
                Assert.True(sorted[i].Start >= sorted[i - 1].End, $"person {own.Key} is in two places at {sorted[i].Start}");
            Assert.All(sorted, s => Assert.True(s.Start >= s_day0 && s.End <= s_day0 + Day));
            if (own.Key % 10 == 0)
                Assert.All(sorted, s => Assert.Equal(VenueCategory.Home, s.Category));
        }

        Assert.Contains(stays, s => s.Category == VenueCategory.Workplace);
        Assert.Contains(stays, s => s.Category == VenueCategory.School);
    }

    [Fact]
    public void Only_phones_with_the_app_scan_and_hear_but_everyone_is_in_the_truth()
    {
        var simulated = CitySimulation.Run(new SimulationOptions(200, 2, 9, 2, new DateTimeOffset(2026, 11, 12, 0, 0, 0, SimulationOptions.LocalOffset)));
        var people = simulated.City.People;

        Assert.Contains(people, p => !p.HasApp);
        Assert.NotEmpty(simulated.Sightings);
        Assert.All(simulated.Sightings, s => Assert.True(people[s.Listener].HasApp && people[s.Broadcaster].HasApp && s.Attenuation <= RssiModel.HearingLimit));
        Assert.All(simulated.Scans, s => Assert.True(people[s.Person].HasApp));
        Assert.Contains(simulated.Contributions, c => !people[c.Exposed].HasApp);
        Assert.Contains(simulated.Visits, v => !people[v.Person].HasApp);
        // Some check-outs are forgotten: fewer out-scans than in-scans.
        Assert.True(simulated.Scans.Count(s => !s.In) < simulated.Scans.Count(s => s.In));
        Assert.All(people, p => Assert.InRange(p.ClockSkewSeconds, -240, 240));
    }

    [Fact]
    public void The_same_seed_gives_the_same_truth_and_another_seed_another()
    {
        var end = new DateTimeOffset(2026, 11, 12, 0, 0, 0, SimulationOptions.LocalOffset);
        string Fingerprint(int seed, DateTimeOffset at)
        {
            var simulated = CitySimulation.Run(new SimulationOptions(150, 3, seed, 2, at));
            return SimulationOutcome.Fingerprint(simulated, GroundTruth.Compute(simulated.Cases, simulated.Visits, simulated.Contributions, at.ToUnixTimeSeconds()));
        }

        Assert.Equal(Fingerprint(5, end), Fingerprint(5, end.AddDays(3)));
        Assert.NotEqual(Fingerprint(5, end), Fingerprint(6, end));
    }

    private static long At(int hour, int minute) => s_day0 + (hour * 3600) + (minute * 60);

    private static Stay Visit(int person, int venue, long start, long end) => new(person, VenueCategory.Restaurant, venue, 0, start, end, 0, 0, 0);

    // Infectious since well before the day of the test, until its end.
    private static ReportedCase Case(int person) => new(person, s_day0 + Day, s_day0, s_day0 - (2 * Day));

    private static IEnumerable<ProximityContribution> Minutes(int source, int exposed, long start, int minutes, double weight)
    {
        for (var m = 0; m < minutes; m += 10)
            yield return new ProximityContribution(source, exposed, start + (m * 60), Math.Min(10, minutes - m) * 60, weight);
    }
}
