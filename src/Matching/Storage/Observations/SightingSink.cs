using System.Buffers;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// Where a lookup puts the observations of one identifier: a buffer rented once and reused across lookups,
/// so matching 2,016 identifiers allocates nothing per lookup.
/// </summary>
public struct SightingSink : IDisposable
{
    private Observation[]? _buffer;

    /// <summary>How many observations the last lookups collected.</summary>
    public int Count { get; private set; }

    /// <summary>The collected observations.</summary>
    public readonly ReadOnlySpan<Observation> Observations => _buffer is null ? default : _buffer.AsSpan(0, Count);

    /// <summary>Forgets the collected observations, keeping the buffer.</summary>
    public void Clear() => Count = 0;

    /// <summary>Adds one observation.</summary>
    public void Add(in Observation observation)
    {
        if (_buffer is null || Count == _buffer.Length)
            Grow();
        _buffer![Count++] = observation;
    }

    /// <summary>
    /// Keeps one of each set of identical observations: one sighting reported twice, or found both in the log's
    /// unapplied tail and, applied meanwhile, in its day store.
    /// </summary>
    public void DropDuplicates()
    {
        if (Count < 2)
            return;
        var span = _buffer.AsSpan(0, Count);
        span.Sort(static (a, b) => a.Observer != b.Observer ? a.Observer.CompareTo(b.Observer)
            : a.SeenAt != b.SeenAt ? a.SeenAt.CompareTo(b.SeenAt)
            : a.DurationSeconds != b.DurationSeconds ? a.DurationSeconds.CompareTo(b.DurationSeconds)
            : a.Attenuation != b.Attenuation ? a.Attenuation.CompareTo(b.Attenuation)
            : a.Flags != b.Flags ? a.Flags.CompareTo(b.Flags)
            : a.Metadata.CompareTo(b.Metadata));
        var kept = 1;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i] != span[kept - 1])
                span[kept++] = span[i];
        }
        Count = kept;
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
            ArrayPool<Observation>.Shared.Return(_buffer);
        _buffer = null;
        Count = 0;
    }

    private void Grow()
    {
        var bigger = ArrayPool<Observation>.Shared.Rent(Math.Max(64, (_buffer?.Length ?? 0) * 2));
        if (_buffer is not null)
        {
            _buffer.AsSpan(0, Count).CopyTo(bigger);
            ArrayPool<Observation>.Shared.Return(_buffer);
        }
        _buffer = bigger;
    }
}
