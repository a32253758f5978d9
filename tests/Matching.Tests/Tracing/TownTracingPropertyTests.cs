using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Matching.Tracing;
using Xunit.Abstractions;

namespace Tracing.Matching.Tests.Tracing;

/// <summary>
/// End to end through the real engine: a random small town's scans and Bluetooth sightings, one confirmed case,
/// and the exposures in the case file compared with <see cref="ReferenceTracer.TraceTown"/>.
/// </summary>
public sealed class TownTracingPropertyTests(ITestOutputHelper output)
{
    private const int PeopleCount = 30;
    private const int VenueCount = 5;

    public static TheoryData<int> Seeds() => [1, 2, 3, 4, 5, 6];

    /// <summary>Every out-scan comes within the 60-minute dwell of its in-scan.</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Town_exposures_match_the_reference(int seed) => RunTown(seed, longStays: false);

    /// <summary>Stays of up to five hours (and a few forgotten check-outs).</summary>
    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Town_exposures_match_the_reference_with_long_stays(int seed) => RunTown(seed, longStays: true);

    /// <summary>
    /// The town's store split into partitions (scans by venue, sightings by observer): a case's visits, its venues'
    /// visitors, their itineraries and the sightings of its keys are gathered from every partition, and the case file
    /// is the same as on one.
    /// </summary>
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 7)]
    [InlineData(3, 16)]
    public Task Town_exposures_match_the_reference_across_partitions(int seed, int partitions) => RunTown(seed, longStays: true, partitions);

    private async Task RunTown(int seed, bool longStays, int partitions = 1)
    {
        var random = new Random(seed);
        var now = EngineTown.Noon;
        await using var town = new EngineTown(now, partitions: partitions);
        var venues = Enumerable.Range(0, VenueCount).Select(i => town.NewVenue($"Venue {i}")).ToArray();
        var people = Enumerable.Range(0, PeopleCount).Select(_ => town.NewPerson()).ToArray();
        var patient = people[0];
        var onset = now.AddSeconds(-random.Next(0, 12 * 3600));
        var from = onset.AddDays(-2).ToUnixTimeSeconds();
        var until = now.ToUnixTimeSeconds();

        // Scans: each person goes from venue to venue over the last 2.5 days.
        var scans = new List<ScanEvent>();
        var first = now.AddHours(-60).ToUnixTimeSeconds();
        var last = now.AddMinutes(-5).ToUnixTimeSeconds();
        foreach (var person in people)
        {
            var t = first + random.Next(0, 6 * 3600);
            while (t < last)
            {
                var venue = venues[random.Next(VenueCount)];
                var end = t;
                Record(person, venue, t, ScanDirection.In);
                if (random.Next(5) == 0)
                    Record(person, venue, end = t + random.Next(60, 10 * 60), ScanDirection.In); // re-scan
                if (random.Next(10) < 7)
                {
                    var stay = longStays
                        ? random.Next(10) == 0 ? 13 * 3600 : random.Next(11 * 60, 5 * 3600)
                        : random.Next(11 * 60, 59 * 60);
                    if (t + stay <= last)
                        Record(person, venue, end = t + stay, ScanDirection.Out);
                }
                t = end + (random.Next(4) == 0 ? random.Next(60, 20 * 60) : random.Next(3 * 3600, 14 * 3600));
            }
        }

        // Sightings of the case's identifiers (4 daily keys, of which 3 or 4 are uploaded) and of other phones.
        var day = now.ToUnixTimeSeconds() / 86_400;
        var teks = Enumerable.Range(0, 4).Select(_ => EngineTown.NewKey(random)).ToArray();
        var keyStarts = Enumerable.Range(0, 4).Select(k => (uint)((day - 3 + k) * 144)).ToArray();
        var uploaded = Enumerable.Range(0, 4).ToHashSet();
        if (random.Next(2) == 0)
            uploaded.Remove(random.Next(4));
        var sightings = new List<ReferenceSighting>();
        var observed = new Dictionary<Person, List<(byte[], DateTimeOffset, int, int)>>();
        int[] attenuations = [45, 55, 60, 63, 68, 73, 80];
        foreach (var observer in people.OrderBy(_ => random.Next()).Take(10))
        {
            var list = observed[observer] = [];
            for (var session = random.Next(1, 4); session > 0; session--)
            {
                var key = random.Next(4);
                var interval = keyStarts[key] + (uint)random.Next(0, (int)Math.Min(144, (until / 600) - keyStarts[key]));
                var seenAt = (long)interval * 600 + random.Next(-3 * 3600, 3 * 3600);
                var attenuation = attenuations[random.Next(attenuations.Length)];
                for (var n = random.Next(3, 12); n > 0 && seenAt < until - 600; n--, seenAt += random.Next(60, 300))
                {
                    var duration = random.Next(30, 240);
                    sightings.Add(new ReferenceSighting(observer.Number, key, interval, seenAt, duration, attenuation));
                    list.Add((EngineTown.Rpi(teks[key], interval), DateTimeOffset.FromUnixTimeSeconds(seenAt), duration, attenuation));
                }
                var noise = new byte[16];
                random.NextBytes(noise);
                if (seenAt - 3600 < until)
                    list.Add((noise, DateTimeOffset.FromUnixTimeSeconds(seenAt - 3600), 600, 40));
            }
        }
        foreach (var (observer, list) in observed)
        {
            if (list.Count > 0)
                town.Sight(observer, list.ToArray());
        }

        var expected = ReferenceTracer.TraceTown(scans, sightings, uploaded, patient.Number, from, until);
        var userOf = people.ToDictionary(p => p.UserId, p => p.Number);
        var venueOf = venues.ToDictionary(v => v.VenueId, v => v.Number);
        venueOf[""] = 0;

        var report = town.Report(patient, onset);
        var afterReport = town.Engine.Cases.Find(report.CaseId)!.Exposures;
        AssertSame(expected.AfterReport, afterReport, "after the report (venue contacts only)");

        var keys = uploaded.Select(k => new DiagnosisKey(teks[k], keyStarts[k], 144)).ToArray();
        town.Engine.Cases.UploadKeys(patient, report.VerificationCode, keys);
        var final = town.Engine.Cases.Find(report.CaseId)!.Exposures;
        AssertSame(expected.Final, final, "after the key upload");
        Assert.DoesNotContain(final, e => e.UserId == patient.UserId);

        var f1 = expected.Final.Count(e => e.Tier == ExposureTier.F1);
        output.WriteLine($"seed {seed}: {scans.Count} scans, {sightings.Count} sightings, F1 venue {expected.Final.Count(e => e is { Tier: ExposureTier.F1, Kind: ExposureKind.Venue })}, " +
            $"F1 proximity {expected.Final.Count(e => e is { Tier: ExposureTier.F1, Kind: ExposureKind.Proximity })}, F2 {expected.Final.Count(e => e.Tier == ExposureTier.F2)}");
        Assert.True(f1 > 0, "the town should have at least one F1, or the comparison proves little");

        void AssertSame(HashSet<ExpectedExposure> want, IReadOnlyList<Exposure> got, string when)
        {
            var actual = got.Select(e => new ExpectedExposure(userOf[e.UserId], e.Tier, e.Kind, venueOf[e.VenueId])).ToHashSet();
            Assert.True(
                want.SetEquals(actual),
                $"{when}: missing [{string.Join(", ", want.Except(actual))}], unexpected [{string.Join(", ", actual.Except(want))}]");
        }

        void Record(Person person, VenueInfo venue, long at, ScanDirection direction)
        {
            town.Scan(person, venue, DateTimeOffset.FromUnixTimeSeconds(at), direction);
            scans.Add(new ScanEvent(person.Number, venue.Number, at, at, 0, direction, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.None));
        }
    }
}
