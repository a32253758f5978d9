using Tracing.Matching.Registry;
using Tracing.Matching.Safety;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Safety;

/// <summary>The safety map: scoring against each category's checklist, who may assess, staleness, feedback limits, the map's regions.</summary>
public sealed class SafetyMapTests
{
    [Fact]
    public void Every_checklist_weighs_100_with_unique_items_and_a_critical_one()
    {
        foreach (var category in SafetyChecklist.Categories.Append(SafetyChecklist.Other))
        {
            var items = SafetyChecklist.For(category);
            Assert.Equal(100, items.Sum(i => i.Weight));
            Assert.Equal(items.Count, items.Select(i => i.Key).Distinct().Count());
            Assert.Contains(items, i => i.Critical);
        }
        Assert.Equal(SafetyChecklist.Other, SafetyChecklist.CategoryOf("karaoke"));
        Assert.Equal("school", SafetyChecklist.CategoryOf(" School "));
    }

    [Fact]
    public void The_score_is_the_weight_in_place_and_the_status_follows_the_thresholds_and_critical_items()
    {
        // Property: for random answers on every checklist, score and status agree with a direct reading of the rules.
        var random = new Random(5);
        foreach (var category in SafetyChecklist.Categories.Append(SafetyChecklist.Other))
        {
            var items = SafetyChecklist.For(category);
            for (var round = 0; round < 200; round++)
            {
                var answers = items.ToDictionary(i => i.Key, _ => random.NextDouble() < 0.75);
                var scored = SafetyScore.Of(items, answers);
                var expectedScore = items.Where(i => answers[i.Key]).Sum(i => i.Weight);
                var criticalMissing = items.Any(i => i.Critical && !answers[i.Key]);
                var expectedStatus = expectedScore < 50 ? SafetyStatus.Unsafe : expectedScore >= 80 && !criticalMissing ? SafetyStatus.Safe : SafetyStatus.AtRisk;
                Assert.Equal((expectedScore, expectedStatus), (scored.Score, scored.Status));
                Assert.Equal(items.Where(i => !answers[i.Key]).Select(i => i.Key), scored.Missing);
            }
        }
    }

    [Fact]
    public async Task A_manager_assesses_every_item_and_the_assessment_goes_stale_after_a_day()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var manager = town.NewPerson();
        var school = town.NewVenue("Trường Tiểu học Kim Đồng", manager, "school");
        var items = SafetyChecklist.For("school");

        var partial = Assert.Throws<TracingException>(() => town.Engine.Safety.Assess(manager.UserId, school.VenueId, [(items[0].Key, true)]));
        Assert.Contains("missing", partial.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<TracingException>(() => town.Engine.Safety.Assess(manager.UserId, school.VenueId, [.. items.Select(i => (i.Key, true)), ("karaoke-closed", true)]));
        Assert.Contains("not on the school checklist", unknown.Message, StringComparison.Ordinal);
        var stranger = Assert.Throws<TracingException>(() => town.Engine.Safety.Assess(town.NewPerson().UserId, school.VenueId, items.Select(i => (i.Key, true)).ToList()));
        Assert.Equal(TracingError.PermissionDenied, stranger.Error);

        // Distancing (critical, 15) missing: 85 points, but not safe.
        var standing = town.Engine.Safety.Assess(manager.UserId, school.VenueId, items.Select(i => (i.Key, i.Key != "distancing")).ToList());
        Assert.Equal((85, SafetyStatus.AtRisk), (standing.Score, standing.Status));
        Assert.Equal(["distancing"], standing.Missing);

        town.Clock.Now += TimeSpan.FromHours(23);
        Assert.Equal(SafetyStatus.AtRisk, town.Engine.Safety.Standing(school).Status);
        town.Clock.Now += TimeSpan.FromHours(2);
        Assert.Equal(SafetyStatus.Stale, town.Engine.Safety.Standing(school).Status);
    }

    [Fact]
    public async Task Feedback_is_counted_once_per_person_venue_and_day_and_at_most_twenty_a_day()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var manager = town.NewPerson();
        var venues = Enumerable.Range(0, SafetyMap.FeedbackPerPersonPerDay + 1).Select(i => town.NewVenue($"Quán {i}", manager, "restaurant")).ToList();
        var (alice, bob) = (town.NewPerson(), town.NewPerson());

        Assert.Equal(1, town.Engine.Safety.Feedback(alice, venues[0].VenueId, 2, "Không ai đeo khẩu trang"));
        Assert.Equal(2, town.Engine.Safety.Feedback(bob, venues[0].VenueId, 5, ""));
        var again = Assert.Throws<TracingException>(() => town.Engine.Safety.Feedback(alice, venues[0].VenueId, 1, ""));
        Assert.Equal(TracingError.ResourceExhausted, again.Error);
        Assert.Equal(TracingError.InvalidArgument, Assert.Throws<TracingException>(() => town.Engine.Safety.Feedback(alice, venues[1].VenueId, 6, "")).Error);
        for (var i = 1; i < SafetyMap.FeedbackPerPersonPerDay; i++)
            town.Engine.Safety.Feedback(alice, venues[i].VenueId, 4, "");
        Assert.Equal(TracingError.ResourceExhausted, Assert.Throws<TracingException>(() => town.Engine.Safety.Feedback(alice, venues[^1].VenueId, 4, "")).Error);

        town.Clock.Now += TimeSpan.FromDays(1);
        Assert.Equal(3, town.Engine.Safety.Feedback(alice, venues[0].VenueId, 3, ""));
        Assert.Equal(3, town.Engine.Safety.Standing(venues[0]).FeedbackCount);
    }

    [Fact]
    public async Task The_map_answers_by_province_district_ward_or_bounding_box()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var manager = town.NewPerson();
        var hanoi = town.NewVenue("Chợ Đồng Xuân", manager, "market", "01", "001", "00001", (21.038, 105.849));
        var hcm = town.NewVenue("Chợ Bến Thành", manager, "market", "79", "760", "26734", (10.772, 106.698));
        // No position: on the map of its region, never inside a box.
        town.NewVenue("Văn phòng", manager, "office", "79", "760", "26737");
        var items = SafetyChecklist.For("market");
        town.Engine.Safety.Assess(manager.UserId, hcm.VenueId, items.Select(i => (i.Key, true)).ToList());

        string[] Names(string region, BoundingBox? box = null) => town.Engine.Safety.Query(region, box).Select(s => s.Venue.Name).Order().ToArray();
        Assert.Equal(["Chợ Bến Thành", "Văn phòng"], Names("79"));
        Assert.Equal(["Chợ Bến Thành", "Văn phòng"], Names("760"));
        Assert.Equal(["Chợ Bến Thành"], Names("26734"));
        Assert.Equal(["Chợ Đồng Xuân"], Names("", new BoundingBox(20.8, 105.5, 21.3, 106)));
        Assert.Equal(["Chợ Bến Thành"], Names("", new BoundingBox(10, 106, 11, 107)));
        var standing = Assert.Single(town.Engine.Safety.Query("26734", null));
        Assert.Equal((SafetyStatus.Safe, 100), (standing.Status, standing.Score));
        Assert.Equal(SafetyStatus.Unassessed, Assert.Single(town.Engine.Safety.Query("00001", null)).Status);
        Assert.Equal(TracingError.InvalidArgument, Assert.Throws<TracingException>(() => Names("7")).Error);
        Assert.Equal(TracingError.InvalidArgument, Assert.Throws<TracingException>(() => Names("")).Error);
        Assert.Equal(TracingError.InvalidArgument, Assert.Throws<TracingException>(() => Names("", new BoundingBox(22, 105, 20, 107))).Error);
    }

    [Theory]
    [InlineData(8, 102, 24, 110)] // the whole country
    [InlineData(10, 106, 11.5, 106.5)] // 1.5° of latitude
    [InlineData(10, 106, 10.5, 107.01)] // 1.01° of longitude
    public async Task A_box_wider_than_a_city_is_refused_with_what_to_do_instead(double minLatitude, double minLongitude, double maxLatitude, double maxLongitude)
    {
        await using var town = new EngineTown(EngineTown.Noon);
        town.NewVenue("Chợ Bến Thành", town.NewPerson(), "market", "79", "760", "26734", (10.772, 106.698));

        var refusal = Assert.Throws<TracingException>(() => town.Engine.Safety.Query("", new BoundingBox(minLatitude, minLongitude, maxLatitude, maxLongitude)).ToList());

        Assert.Equal(TracingError.InvalidArgument, refusal.Error);
        Assert.Contains("at most 1° each way", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("region_code", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_box_finds_through_the_position_index_exactly_the_venues_a_walk_over_all_of_them_finds()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var manager = town.NewPerson();
        var random = new Random(1808);
        var positions = new List<(string Name, double Latitude, double Longitude)>();
        for (var i = 0; i < 300; i++)
        {
            // Some exactly on a cell's edge, some on either side of the equator and the prime meridian.
            var (latitude, longitude) = (i % 5) switch
            {
                0 => (Math.Round(10 + random.NextDouble() * 2, 1), Math.Round(106 + random.NextDouble() * 2, 1)),
                1 => (random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1),
                _ => (10 + random.NextDouble() * 2, 106 + random.NextDouble() * 2),
            };
            positions.Add(($"Quán {i}", latitude, longitude));
            town.NewVenue($"Quán {i}", manager, "restaurant", at: (latitude, longitude));
        }

        for (var query = 0; query < 300; query++)
        {
            var centre = positions[random.Next(positions.Count)];
            var box = query % 3 == 0
                ? new BoundingBox(centre.Latitude, centre.Longitude, centre.Latitude, centre.Longitude)
                : new BoundingBox(centre.Latitude - random.NextDouble() / 2, centre.Longitude - random.NextDouble() / 2, centre.Latitude + random.NextDouble() / 2, centre.Longitude + random.NextDouble() / 2);
            var expected = positions
                .Where(p => p.Latitude >= box.MinLatitude && p.Latitude <= box.MaxLatitude && p.Longitude >= box.MinLongitude && p.Longitude <= box.MaxLongitude)
                .Select(p => p.Name)
                .ToList();
            // In registration order, as before the index.
            Assert.Equal(expected, town.Engine.Safety.Query("", box).Select(s => s.Venue.Name).ToList());
        }
    }
}
