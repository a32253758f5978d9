using System.Runtime.InteropServices;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Scans;

/// <summary>
/// A list each thread reuses to gather scans read from several days, so a read allocates only the array it answers
/// with: a venue match reads a busy venue's day and its candidates' itineraries, and the lists it grew and dropped were
/// most of what it allocated (and what set off the collections in its slowest matches).
/// </summary>
internal static class ScanReadBuffer
{
    /// <summary>A list grown past this many entries (a stadium's day) is dropped after use rather than kept by its thread.</summary>
    private const int LargestKept = 64 * 1024;

    [ThreadStatic]
    private static List<ScanEvent>? t_buffer;

    /// <summary>
    /// Runs <paramref name="read"/> into this thread's empty buffer and answers the scans it gathered, in the order
    /// read. <paramref name="read"/> must not await: the buffer is this thread's.
    /// </summary>
    public static ScanEvent[] Gather<TState>(TState state, Action<TState, List<ScanEvent>> read)
    {
        var buffer = t_buffer ?? new List<ScanEvent>(256);
        t_buffer = null;
        try
        {
            read(state, buffer);
            return buffer.ToArray();
        }
        finally
        {
            buffer.Clear();
            if (Keeps(buffer))
                t_buffer = buffer;
        }
    }

    /// <summary>
    /// Whether a thread may keep <paramref name="list"/> for its next read: this buffer, and the venue match's lists,
    /// unless a stadium's day grew it.
    /// </summary>
    public static bool Keeps<T>(List<T> list) => list.Capacity <= LargestKept;

    /// <summary>Removes the scans from index <paramref name="first"/> on whose time lies outside [<paramref name="from"/>, <paramref name="to"/>], keeping the order.</summary>
    public static void KeepWithin(List<ScanEvent> scans, int first, long from, long to)
    {
        var kept = first;
        var span = CollectionsMarshal.AsSpan(scans);
        for (var i = first; i < span.Length; i++)
        {
            if (span[i].At >= from && span[i].At <= to)
                span[kept++] = span[i];
        }
        scans.RemoveRange(kept, scans.Count - kept);
    }
}
