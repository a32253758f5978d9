namespace Tracing.Matching;

/// <summary>
/// What a call (or one answer of a stream) wrote, for its acknowledgement to wait for
/// (<see cref="TracingEngine.WhenDurableAsync"/>): the general store, and each data partition written with the
/// activation that logged it (<see cref="PartitionWrite"/>), so the wait asks only the partitions written. Stores named
/// without a partition (<see cref="Everywhere"/>: a caller that does not know which it wrote) are waited for on every
/// partition.
/// </summary>
public readonly struct Written : IEquatable<Written>
{
    private readonly PartitionWrite[]? _partitions;

    /// <summary>What <paramref name="everywhere"/> names, and the partitions in <paramref name="partitions"/> (not copied: never changed afterwards).</summary>
    internal Written(WrittenStores everywhere, PartitionWrite[]? partitions)
    {
        Everywhere = everywhere;
        _partitions = partitions is { Length: 0 } ? null : partitions;
    }

    /// <summary>Nothing written.</summary>
    public static Written None => default;

    /// <summary>
    /// Stores written outside any known partition: the general store, and data-plane stores to wait for on every
    /// partition (at whatever activation holds each).
    /// </summary>
    public WrittenStores Everywhere { get; }

    /// <summary>The partitions written, each once per activation that logged to it.</summary>
    public ReadOnlySpan<PartitionWrite> Partitions => _partitions;

    /// <summary>Every kind of store written, wherever.</summary>
    public WrittenStores Stores
    {
        get
        {
            var stores = Everywhere;
            foreach (var partition in Partitions)
                stores |= partition.Stores;
            return stores;
        }
    }

    /// <summary>Whether nothing was written.</summary>
    public bool IsNone => Everywhere == WrittenStores.None && _partitions is null;

    /// <summary>Stores written somewhere unknown: waited for on every partition (and the general store).</summary>
    public static implicit operator Written(WrittenStores everywhere) => new(everywhere, null);

    /// <summary>What either wrote.</summary>
    public static Written operator |(Written left, Written right) => left.Union(right);

    /// <summary>Whether both name the same writes.</summary>
    public static bool operator ==(Written left, Written right) => left.Equals(right);

    /// <summary>Whether they name different writes.</summary>
    public static bool operator !=(Written left, Written right) => !left.Equals(right);

    /// <summary><paramref name="everywhere"/> as writes waited for everywhere.</summary>
    public static Written FromWrittenStores(WrittenStores everywhere) => everywhere;

    /// <summary>What this and <paramref name="other"/> wrote (this itself when it already covers it, as a stream's answers to one partition do).</summary>
    public Written Union(Written other)
    {
        var everywhere = Everywhere | other.Everywhere;
        return new Written(everywhere, PartitionWrites.Union(_partitions, other._partitions));
    }

    /// <summary>Whether both name the same writes (the same partitions in the same order).</summary>
    public bool Equals(Written other) => Everywhere == other.Everywhere && Partitions.SequenceEqual(other.Partitions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Written other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Everywhere, _partitions?.Length ?? 0);

    /// <inheritdoc/>
    public override string ToString()
        => _partitions is null ? Everywhere.ToString() : $"{Everywhere}; {string.Join(", ", _partitions.Select(p => $"{p.Stores} of partition {p.Partition} (epoch {p.Epoch:x})"))}";
}
