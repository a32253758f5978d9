using Tracing.Cluster.Partitions;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// Where partitions go (<see cref="PartitionMap"/>): evenly, the same on every silo, and when a silo dies only its
/// own partitions move (compared with a reference that places p on the (p mod n)-th silo, the map before).
/// </summary>
public sealed class PartitionMapTests
{
    public static TheoryData<int, int> Shapes => new() { { 12, 1 }, { 12, 3 }, { 12, 5 }, { 32, 4 }, { 256, 16 }, { 256, 17 }, { 7, 7 }, { 3, 8 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void No_silo_holds_more_than_its_share(int partitions, int silos)
    {
        var owners = PartitionMap.Assign(Silos(silos), partitions);
        var share = (partitions + silos - 1) / silos;
        Assert.All(owners.CountBy(owner => owner), held => Assert.True(held.Value <= share, $"a silo holds {held.Value} partitions; its share is {share}"));
        Assert.All(owners, owner => Assert.InRange(owner, 0, silos - 1));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_silo_computes_the_same_map_whatever_order_it_lists_the_silos_in(int partitions, int silos)
    {
        var listed = Silos(silos);
        var reversed = listed.AsEnumerable().Reverse().ToArray();
        var first = PartitionMap.Assign(listed, partitions).Select(owner => listed[owner]);
        var second = PartitionMap.Assign(reversed, partitions).Select(owner => reversed[owner]);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData(12, 3)]
    [InlineData(32, 4)]
    [InlineData(256, 16)]
    public void When_a_silo_dies_its_partitions_move_and_hardly_any_other(int partitions, int silos)
    {
        var listed = Silos(silos);
        var before = PartitionMap.Assign(listed, partitions).Select(owner => listed[owner]).ToArray();
        var movedSurvivors = 0;
        var movedSurvivorsModN = 0;
        foreach (var dead in listed)
        {
            var survivors = listed.Where(silo => silo != dead).ToArray();
            var after = PartitionMap.Assign(survivors, partitions).Select(owner => survivors[owner]).ToArray();
            Assert.All(Enumerable.Range(0, partitions).Where(p => before[p] == dead), p => Assert.NotEqual(dead, after[p]));
            movedSurvivors += Enumerable.Range(0, partitions).Count(p => before[p] != dead && after[p] != before[p]);
            movedSurvivorsModN += Enumerable.Range(0, partitions).Count(p => ModN(listed, p) != dead && ModN(survivors, p) != ModN(listed, p));
        }
        // Of the survivors' partitions, at most one in ten moves (the load bound passes one over now and then), where
        // p mod n moved half of them or more.
        var survivorsPartitions = silos * partitions - partitions;
        Assert.True(movedSurvivors * 10 <= survivorsPartitions, $"{movedSurvivors} of {survivorsPartitions} survivors' partitions moved");
        Assert.True(movedSurvivorsModN * 2 >= survivorsPartitions, $"the reference moved {movedSurvivorsModN} of {survivorsPartitions}");
    }

    [Fact]
    public void A_silo_that_restarts_on_its_address_gets_its_partitions_back()
    {
        var listed = Silos(3);
        var before = PartitionMap.Assign(listed, 12);
        var without = PartitionMap.Assign(listed[..2], 12);
        Assert.NotEqual(before, without);
        Assert.Equal(before, PartitionMap.Assign(listed, 12));
    }

    private static string[] Silos(int count) => [.. Enumerable.Range(0, count).Select(s => $"10.0.{s / 4}.{10 + s}:11111")];

    private static string ModN(string[] silos, int partition) => silos.Order(StringComparer.Ordinal).ElementAt(partition % silos.Length);
}
