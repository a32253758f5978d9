using System.Buffers.Binary;
using Tracing.Matching.Crypto;
using Tracing.Matching.Ledger;
using Tracing.Matching.Tracing;

namespace Tracing.Bench.Engine;

/// <summary>One sighting of a case phone's identifier, as the generator planted it (to check results against).</summary>
internal readonly record struct PlantedSighting(int Case, byte[] Rpi, uint Observer, long SeenAt, uint DurationSeconds, int Attenuation);

/// <summary>One generated visit: indexes into the generated people and venues, unix seconds.</summary>
internal readonly record struct PlannedVisit(int Person, int Venue, long In, long Out);

/// <summary>
/// Deterministic synthetic population over 14 days ending at <see cref="Now"/>: contact batches of 1,000 random
/// identifiers per device (regenerated on demand from the seed, so the engine and the baseline ingest the same
/// bytes without keeping them), with the real identifiers of <c>K</c> case phones planted in some observers'
/// batches, and visits as in/out scan pairs, each person's visits in disjoint time slots.
/// </summary>
internal sealed class SyntheticData
{
    public const int BatchSize = 1_000;
    public const int Days = 14;
    public const int VisitsPerCase = 30;
    public const int VisitsPerPerson = 10;
    public const uint ObserverBase = 100_000_000;

    /// <summary>"Now": the end of the generated 14 days.</summary>
    public static readonly DateTimeOffset Now = new(2021, 8, 15, 0, 0, 0, TimeSpan.Zero);

    private readonly int _seed;
    private readonly Dictionary<int, List<PlantedSighting>> _plantedByBatch = [];

    public SyntheticData(long observations, int visits, int cases, int seed, long plantWithinObservations)
    {
        Observations = observations;
        Cases = cases;
        _seed = seed;
        Batches = (int)((observations + BatchSize - 1) / BatchSize);
        Devices = Math.Max(1, Batches / Days);
        Start = Now.ToUnixTimeSeconds() - Days * 86_400L;

        var random = new Random(seed);
        CaseKeys = new byte[cases][][];
        for (var c = 0; c < cases; c++)
        {
            CaseKeys[c] = new byte[Days][];
            for (var d = 0; d < Days; d++)
            {
                CaseKeys[c][d] = new byte[ExposureKeyCrypto.KeyLength];
                random.NextBytes(CaseKeys[c][d]);
            }
        }

        // Planted sightings go into batches the (possibly capped) baseline also ingests.
        var plantBatches = (int)Math.Clamp((plantWithinObservations + BatchSize - 1) / BatchSize, 1, Batches);
        var rpis = new byte[ExposureKeyCrypto.IntervalsPerKey * ExposureKeyCrypto.IdentifierLength];
        for (var c = 0; c < cases; c++)
        {
            var contacts = 5 + random.Next(10);
            for (var k = 0; k < contacts; k++)
            {
                var batch = random.Next(plantBatches);
                var observer = ObserverOf(batch);
                var day = random.Next(Days);
                var length = 1 + random.Next(6);
                var first = random.Next(ExposureKeyCrypto.IntervalsPerKey - length);
                var dayInterval = (uint)((Start / 86_400 + day) * ExposureKeyCrypto.IntervalsPerKey);
                ExposureKeyCrypto.DeriveIdentifiers(CaseKeys[c][day], dayInterval, ExposureKeyCrypto.IntervalsPerKey, rpis);
                for (var i = first; i < first + length; i++)
                {
                    var rpi = rpis.AsSpan(i * 16, 16).ToArray();
                    var seenAt = (dayInterval + i) * 600L + random.Next(600);
                    var sighting = new PlantedSighting(c, rpi, observer, seenAt, (uint)(60 + random.Next(541)), 40 + random.Next(51));
                    if (!_plantedByBatch.TryGetValue(batch, out var list))
                        _plantedByBatch[batch] = list = [];
                    list.Add(sighting);
                    Planted.Add(sighting);
                }
            }
        }

        Venues = Math.Max(10, visits / 100);
        var caseVisits = Math.Min(visits / Math.Max(cases, 1), VisitsPerCase);
        var people = new List<int>();
        for (var c = 0; c < cases; c++)
            people.Add(caseVisits);
        var rest = visits - caseVisits * cases;
        while (rest > 0)
        {
            var n = Math.Min(rest, VisitsPerPerson);
            people.Add(n);
            rest -= n;
        }
        VisitCounts = people.ToArray();
        VisitCount = visits;
    }

    public long Observations { get; }
    public int Batches { get; }
    public int Devices { get; }
    public int Cases { get; }
    public long Start { get; }
    public byte[][][] CaseKeys { get; }
    public List<PlantedSighting> Planted { get; } = [];
    public int Venues { get; }
    public int[] VisitCounts { get; }
    public int VisitCount { get; }
    public int People => VisitCounts.Length;

    public uint ObserverOf(int batch) => ObserverBase + (uint)(batch % Devices);

    public static string DeviceUserId(uint observer) => $"u-bench-{observer}";

    /// <summary>Observations in batches <c>[0, batches)</c>.</summary>
    public long ObservationsIn(int batches) => Math.Min(Observations, (long)batches * BatchSize);

    /// <summary>Regenerates batch <paramref name="batch"/>: the planted sightings first, then random identifiers.</summary>
    public List<ReportedObservation> Batch(int batch)
    {
        var count = (int)Math.Min(BatchSize, Observations - (long)batch * BatchSize);
        var random = new Random(unchecked((_seed * 1_000_003) + batch));
        var result = new List<ReportedObservation>(count);
        if (_plantedByBatch.TryGetValue(batch, out var planted))
        {
            foreach (var p in planted)
                result.Add(new ReportedObservation(p.Rpi, Aem(random), DateTimeOffset.FromUnixTimeSeconds(p.SeenAt), p.DurationSeconds, -p.Attenuation, 0));
        }
        var span = Days * 86_400 - 600;
        while (result.Count < count)
        {
            var rpi = new byte[ExposureKeyCrypto.IdentifierLength];
            random.NextBytes(rpi);
            var seenAt = Start + random.Next(span);
            result.Add(new ReportedObservation(rpi, Aem(random), DateTimeOffset.FromUnixTimeSeconds(seenAt), (uint)(60 + random.Next(541)), -(40 + random.Next(51)), 0));
        }
        return result;
    }

    /// <summary>The 14 daily keys of a case, as its phone uploads them.</summary>
    public List<DiagnosisKey> KeysOf(int c)
    {
        var keys = new List<DiagnosisKey>(Days);
        for (var d = 0; d < Days; d++)
            keys.Add(new DiagnosisKey(CaseKeys[c][d], (uint)((Start / 86_400 + d) * ExposureKeyCrypto.IntervalsPerKey), ExposureKeyCrypto.IntervalsPerKey));
        return keys;
    }

    /// <summary>The visits of person <paramref name="person"/>: one per slot of 14 days / count, 15–180 minutes each.</summary>
    public List<PlannedVisit> VisitsOf(int person)
    {
        var count = VisitCounts[person];
        var random = new Random(unchecked((_seed * 7_919) + person));
        var slot = Days * 86_400L / count;
        var visits = new List<PlannedVisit>(count);
        for (var i = 0; i < count; i++)
        {
            var duration = (15 + random.Next(166)) * 60L;
            var at = Start + (i * slot) + random.NextInt64(Math.Max(1, slot - duration - 3_600));
            visits.Add(new PlannedVisit(person, random.Next(Venues), at, at + duration));
        }
        return visits;
    }

    /// <summary>
    /// Batches the recovery child ingests after the load: fresh sightings of the case identifiers planted before
    /// (other observers, same times) mixed into random ones, so recovery must keep appends to existing keys.
    /// </summary>
    public List<ReportedObservation> CrashBatch(int index, out List<PlantedSighting> planted)
    {
        var random = new Random(unchecked((_seed * 31) + 1_000_000 + index));
        planted = [];
        var result = new List<ReportedObservation>(BatchSize);
        var observer = ObserverBase - 1 - (uint)index;
        for (var i = 0; i < 50 && Planted.Count > 0; i++)
        {
            var p = Planted[random.Next(Planted.Count)];
            var again = p with { Observer = observer };
            planted.Add(again);
            result.Add(new ReportedObservation(p.Rpi, ReadOnlyMemory<byte>.Empty, DateTimeOffset.FromUnixTimeSeconds(p.SeenAt), p.DurationSeconds, -p.Attenuation, 0));
        }
        var span = Days * 86_400 - 600;
        while (result.Count < BatchSize)
        {
            var rpi = new byte[ExposureKeyCrypto.IdentifierLength];
            random.NextBytes(rpi);
            result.Add(new ReportedObservation(rpi, ReadOnlyMemory<byte>.Empty, DateTimeOffset.FromUnixTimeSeconds(Start + random.Next(span)), 300, -60, 0));
        }
        return result;
    }

    public static uint CrashObserver(int index) => ObserverBase - 1 - (uint)index;

    private static byte[] Aem(Random random)
    {
        var aem = new byte[ExposureKeyCrypto.MetadataLength];
        BinaryPrimitives.WriteInt32LittleEndian(aem, random.Next());
        return aem;
    }
}
