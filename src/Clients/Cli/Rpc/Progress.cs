using System.Diagnostics;

namespace Tracing.Cli.Rpc;

/// <summary>
/// A one-line progress bar on standard error for long uploads (<c>[#####.....] 512/1,024 batches</c>), redrawn at
/// most five times a second, and only when a person is watching (standard error is a terminal).
/// </summary>
internal static class Progress
{
    private const int Width = 30;

    /// <summary>Yields the items, drawing the bar as they are taken.</summary>
    public static IEnumerable<T> Track<T>(IReadOnlyList<T> items, string unit, TextWriter error, bool interactive)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan? drawn = null;
        for (var i = 0; i < items.Count; i++)
        {
            yield return items[i];
            var done = i + 1;
            if (interactive && (done == items.Count || drawn is null || clock.Elapsed - drawn > TimeSpan.FromMilliseconds(200)))
            {
                drawn = clock.Elapsed;
                var filled = items.Count == 0 ? Width : done * Width / items.Count;
                error.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {done:N0}/{items.Count:N0} {unit}");
                if (done == items.Count)
                    error.WriteLine();
            }
        }
    }
}
