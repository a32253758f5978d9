namespace Tracing.Matching.Model;

/// <summary>A person's stay at a venue, from in-scan to out-scan (or to the default close), unix seconds.</summary>
public readonly record struct Visit(uint Person, uint Venue, long Start, long End, bool ScannedOut)
{
    /// <summary>Whether this visit shares any time with [start, end).</summary>
    public bool Overlaps(long start, long end) => Start < end && start < End;
}
