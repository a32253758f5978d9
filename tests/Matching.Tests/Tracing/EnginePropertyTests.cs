using Tracing.Matching.Model;

namespace Tracing.Matching.Tests.Tracing;

/// <summary>The pure matching pieces against <see cref="ReferenceTracer"/> on seeded random data.</summary>
public sealed class EnginePropertyTests
{
    private static readonly TracingRules Rules = new();

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 40; seed++)
            seeds.Add(seed);
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Visit_pairing_matches_the_reference(int seed) => ComparePairing(seed, strayOutScans: false);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Visit_pairing_matches_the_reference_with_stray_out_scans(int seed) => ComparePairing(seed, strayOutScans: true);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Venue_matching_matches_the_reference(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var linger = random.Next(4) switch { 0 => 0, 1 => 600, 2 => 1800, _ => 2700 };
            var sourceStart = random.Next(0, 10 * 3600);
            var source = new Visit(1, (uint)random.Next(1, 4), sourceStart, sourceStart + random.Next(60, 3 * 3600), random.Next(2) == 0);
            var others = new Visit[random.Next(0, 30)];
            for (var i = 0; i < others.Length; i++)
            {
                long start = random.Next(3) switch
                {
                    0 => source.End + linger + random.Next(-2, 3), // around the end of the linger buffer
                    1 => source.Start - random.Next(60, 3600),
                    _ => random.Next(0, 12 * 3600),
                };
                var end = random.Next(4) == 0 ? Math.Max(start + 60, source.Start + random.Next(-2, 3)) : start + random.Next(60, 4 * 3600);
                others[i] = new Visit((uint)random.Next(1, 7), (uint)random.Next(1, 4), start, end, random.Next(2) == 0);
            }

            var actual = new List<VenueContact>();
            VenueMatcher.Match(source, others, TimeSpan.FromSeconds(linger), actual);
            var expected = ReferenceTracer.VenueContacts(source, others, linger);

            Assert.Equal(
                expected.Select(c => (c.Person, c.Venue, c.Start, c.End)).Order(),
                actual.Select(c => (c.Person, c.Venue, c.Start, c.End)).Order());
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Proximity_scoring_matches_the_reference(int seed)
    {
        var random = new Random(seed);
        int[] attenuations = [20, 50, 55, 56, 63, 64, 70, 73, 74, 90];
        for (var round = 0; round < 10; round++)
        {
            // Around a UTC midnight, so per-day tallies are split.
            const long midnight = 1_628_553_600; // 2021-08-10 00:00 UTC
            var from = midnight - random.Next(0, 6 * 3600);
            var until = midnight + random.Next(0, 6 * 3600);
            const uint source = 1;
            var pairs = new List<(uint Interval, Observation Sighting)>();
            var scorer = new ProximityScorer(Rules, from, until, source);
            for (var k = 0; k < 12; k++)
            {
                var interval = (uint)((midnight / 600) + random.Next(-30, 30));
                var batch = new Observation[random.Next(0, 10)];
                for (var i = 0; i < batch.Length; i++)
                {
                    long broadcast = interval * 600L;
                    long seen = random.Next(5) switch
                    {
                        0 => broadcast - 7200 + random.Next(-1, 2),        // the early edge
                        1 => broadcast + 600 + 7200 + random.Next(-1, 2),  // the late edge
                        2 => random.Next(2) == 0 ? from + random.Next(-1, 2) : until + random.Next(-1, 2),
                        _ => broadcast + random.Next(-3 * 3600, 3 * 3600),
                    };
                    var observer = (uint)random.Next(1, 6);
                    var duration = (ushort)(random.Next(3) == 0 ? random.Next(0, 20) * 60 : random.Next(0, 1200));
                    batch[i] = new Observation(observer, (uint)seen, duration, (byte)attenuations[random.Next(attenuations.Length)], 0, 0);
                    pairs.Add((interval, batch[i]));
                }
                scorer.Add(interval, batch);
            }

            var expected = ReferenceTracer.Proximity(pairs, from, until, source);
            var actual = scorer.Contacts();

            Assert.Equal(
                expected.Select(c => (c.Observer, c.Day, c.Start, c.End)),
                actual.Select(c => (c.Observer, c.Day, c.Start, c.End)));
            for (var i = 0; i < expected.Count; i++)
                Assert.Equal(expected[i].WeightedMinutes, actual[i].WeightedMinutes, 9);
        }
    }

    private static void ComparePairing(int seed, bool strayOutScans)
    {
        var random = new Random(seed);
        for (var person = 1u; person <= 25; person++)
        {
            var scans = new List<ScanEvent>();
            long at = 1_628_553_600;
            uint? lastIn = null;
            for (var n = random.Next(0, 15); n > 0; n--)
            {
                at += random.Next(8) switch
                {
                    0 => 3600,                           // exactly the dwell after the previous scan
                    1 => 12 * 3600,                      // exactly the longest visit
                    2 => random.Next(2, 14) * 3600,      // hours
                    3 => random.Next(1, 600),            // seconds to minutes
                    _ => random.Next(60, 100 * 60),      // around the dwell
                };
                var direction = random.Next(5) < 3 ? ScanDirection.In : ScanDirection.Out;
                var venue = (uint)random.Next(1, 4);
                if (direction == ScanDirection.Out && !strayOutScans && lastIn is { } open)
                    venue = open; // people scan out where they scanned in
                if (direction == ScanDirection.In)
                    lastIn = venue;
                scans.Add(new ScanEvent(person, venue, at, at, 0, direction, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.None));
            }

            var actual = new List<Visit>();
            VisitPairing.Pair(scans.ToArray(), Rules, actual);
            var expected = ReferenceTracer.Pair(scans);

            Assert.Equal(expected, actual);
        }
    }
}
