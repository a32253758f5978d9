using Tracing.Matching.Storage.Observations;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// The day filter a match asks before reading a day's store: an identifier heard that day must always pass (else its
/// contacts are missed), and few never heard may (each costs a store read).
/// </summary>
public sealed class DayFilterTests : IDisposable
{
    private const int Sightings = 200_000;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Every_identifier_added_passes_and_under_three_in_a_hundred_never_added_do()
    {
        var random = new Random(5);
        var filter = new DayFilter(Sightings);
        var added = Tails(random, Sightings);
        foreach (var tail in added)
            filter.Add(tail);

        Assert.All(added, tail => Assert.True(filter.MayContain(tail)));
        var passed = Tails(random, Sightings).Count(filter.MayContain);
        // Ten bits and three probes per sighting: about 2 % pass.
        Assert.InRange(passed, 0, 3 * Sightings / 100);
    }

    [Fact]
    public void A_saved_filter_loads_with_the_same_answers()
    {
        var random = new Random(6);
        var filter = new DayFilter(Sightings);
        var added = Tails(random, 1_000);
        foreach (var tail in added)
            filter.Add(tail);
        var path = Path.Combine(_directory.Path, "filter");
        filter.Save(path);

        var loaded = DayFilter.Load(path);

        Assert.NotNull(loaded);
        var probes = added.Concat(Tails(random, 10_000)).ToList();
        Assert.Equal(probes.Select(filter.MayContain), probes.Select(loaded.MayContain));
    }

    [Fact]
    public void A_damaged_file_is_not_loaded_so_the_day_rebuilds_its_filter()
    {
        var path = Path.Combine(_directory.Path, "filter");
        new DayFilter(1_000).Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);

        Assert.Null(DayFilter.Load(path));
    }

    private static List<ulong> Tails(Random random, int count)
        => Enumerable.Range(0, count).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63)).ToList();
}
