using System.Text;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// Which silo each partition belongs on, computed by every silo alike from the active silos' endpoints alone:
/// rendezvous hashing (each partition ranks the silos by a hash of the pair and takes the first) with a bound on the
/// load (a silo already holding ⌈partitions / silos⌉ is passed over). So no silo holds more than its share, and when a
/// silo dies or leaves, its partitions move and the survivors' stay where they are (but for the rare one passed over
/// by the bound), where placing partition p on the (p mod n)-th silo moved most of them. A silo that restarts on the
/// same address gets the same partitions back.
/// </summary>
internal static class PartitionMap
{
    /// <summary>For each partition 0 … <paramref name="partitions"/> − 1, the index in <paramref name="silos"/> of the silo it belongs on.</summary>
    public static int[] Assign(IReadOnlyList<string> silos, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfZero(silos.Count);
        var bound = (partitions + silos.Count - 1) / silos.Count;
        var held = new int[silos.Count];
        var owners = new int[partitions];
        var seeds = silos.Select(Seed).ToArray();
        for (var p = 0; p < partitions; p++)
        {
            var best = -1;
            var bestWeight = 0UL;
            for (var s = 0; s < silos.Count; s++)
            {
                if (held[s] >= bound)
                    continue;
                var weight = Mix(seeds[s] ^ Mix((ulong)p));
                if (best < 0 || weight > bestWeight || (weight == bestWeight && string.CompareOrdinal(silos[s], silos[best]) < 0))
                    (best, bestWeight) = (s, weight);
            }
            owners[p] = best;
            held[best]++;
        }
        return owners;
    }

    // FNV-1a over the endpoint's bytes: stable across processes and runs, unlike string.GetHashCode.
    private static ulong Seed(string silo)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(silo))
            hash = (hash ^ b) * 1099511628211UL;
        return Mix(hash);
    }

    // SplitMix64's finaliser: every input bit moves about half the output bits.
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
