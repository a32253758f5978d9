using Tracing.Matching.Model;

namespace Tracing.Server.CheckIn;

/// <summary>
/// Which stored scans a history query reads: made within [<paramref name="From"/>, <paramref name="To"/>] (unix
/// seconds), by <paramref name="Controller"/> when not 0, and after the page token's place <paramref name="After"/>.
/// </summary>
internal sealed record ScanFilter(long From, long To, uint Controller, HistoryCursor? After)
{
    /// <summary>The scan's place in the history when the filter admits it; null when it does not.</summary>
    public HistoryCursor? Admits(in ScanEvent scan)
    {
        if (scan.At < From || scan.At > To || (Controller != 0 && scan.Controller != Controller))
            return null;
        var key = HistoryCursor.Of(scan);
        return After is not null && key.CompareTo(After) <= 0 ? null : key;
    }
}
