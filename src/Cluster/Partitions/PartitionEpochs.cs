using System.Globalization;
using System.Security.Cryptography;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// The activations of one partition, by epoch: the random 64-bit id this activation drew when it opened, which every
/// write it logs carries back to the caller, and the epochs of earlier activations that closed cleanly (a graceful
/// leave or a move), whose every logged write is therefore durable. A durability wait names the epoch its writes were
/// logged under (<see cref="Of"/>): this activation waits for its commits; a cleanly closed one has nothing left to
/// wait for; any other (its silo died, and what it had logged but not committed is gone) is refused, and the client
/// sends its writes again.
/// </summary>
/// <remarks>
/// The cleanly closed epochs are kept in <c>partitions/&lt;p&gt;/durable-epochs</c>, written by an activation after its
/// stores are closed and before it gives the lease back, so the next activation reads them whole. An activation killed
/// writes nothing: its epoch is never found there.
/// </remarks>
internal sealed class PartitionEpochs
{
    /// <summary>How many cleanly closed epochs are remembered: a wait outlives a few moves at most.</summary>
    private const int Kept = 32;

    private readonly long[] _closedCleanly;

    private PartitionEpochs(long current, long[] closedCleanly)
    {
        Current = current;
        _closedCleanly = closedCleanly;
    }

    /// <summary>This activation's epoch (never <see cref="Matching.PartitionWrite.AnyEpoch"/>).</summary>
    public long Current { get; }

    /// <summary>A new activation: a fresh epoch, and the cleanly closed ones listed in <paramref name="file"/> (none if absent or unreadable).</summary>
    public static PartitionEpochs Open(string file)
    {
        var closed = Read(file);
        long current;
        do
        {
            current = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
        }
        while (current == Matching.PartitionWrite.AnyEpoch || closed.Contains(current));
        return new PartitionEpochs(current, closed);
    }

    /// <summary>What a durability wait for writes logged under <paramref name="epoch"/> must do here.</summary>
    public EpochState Of(long epoch)
    {
        if (epoch == Current || epoch == Matching.PartitionWrite.AnyEpoch)
            return EpochState.Current;
        return Array.IndexOf(_closedCleanly, epoch) >= 0 ? EpochState.Durable : EpochState.Gone;
    }

    /// <summary>
    /// Records in <paramref name="file"/> that this activation closed cleanly (its stores committed and closed), with the
    /// earlier ones it knew: atomically (written aside, flushed, then renamed over the old list).
    /// </summary>
    public void SaveClosed(string file)
    {
        var epochs = _closedCleanly.Append(Current).TakeLast(Kept).Select(e => e.ToString("x16", CultureInfo.InvariantCulture));
        var written = file + ".new";
        using (var stream = new FileStream(written, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            foreach (var epoch in epochs)
                writer.WriteLine(epoch);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(written, file, overwrite: true);
    }

    private static long[] Read(string file)
    {
        try
        {
            var epochs = new List<long>();
            foreach (var line in File.ReadLines(file))
            {
                if (!long.TryParse(line, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var epoch))
                    return [];
                epochs.Add(epoch);
            }
            return [.. epochs];
        }
        catch (IOException)
        {
            // None known (a new partition, or a list that could not be read): refusing a wait is always safe.
            return [];
        }
    }
}

/// <summary>What a durability wait for writes logged under an epoch must do (<see cref="PartitionEpochs.Of"/>).</summary>
internal enum EpochState
{
    /// <summary>Logged by this activation: wait for its commits.</summary>
    Current,

    /// <summary>Logged by an activation that closed cleanly: durable already.</summary>
    Durable,

    /// <summary>Logged by an activation that is gone without closing: the writes may be lost, the wait is refused.</summary>
    Gone,
}
