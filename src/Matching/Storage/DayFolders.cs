using System.Globalization;
using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage;

/// <summary>
/// The folders of a store partitioned by UTC day (<c>day-N</c>): found and opened together on start, deleted whole
/// by retention. A folder is renamed before it is deleted, so that a crash while deleting leaves no half day.
/// </summary>
internal static class DayFolders
{
    /// <summary>
    /// Opens every day folder of <paramref name="directory"/> at once (FASTER recovery of a day is mostly reading its
    /// checkpoint), after deleting leftovers of interrupted deletions and the days before
    /// <paramref name="firstKeptDay"/>.
    /// </summary>
    public static void OpenAll<TDay>(string directory, long firstKeptDay, Func<string, long, TDay> open, IDictionary<long, TDay> into)
    {
        foreach (var leftover in Directory.EnumerateDirectories(directory, "dropped-*"))
            Directory.Delete(leftover, recursive: true);
        var days = new List<(long Day, string Folder)>();
        foreach (var folder in Directory.EnumerateDirectories(directory, "day-*"))
        {
            if (!long.TryParse(Path.GetFileName(folder)["day-".Length..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var day))
                continue;
            if (day < firstKeptDay)
                Delete(directory, folder, day); // a drop that a crash interrupted
            else
                days.Add((day, folder));
        }
        // A thread per day: recovering a day mostly waits for its reads, so more days than cores open at once.
        var opening = days
            .Select(d => BlockingWork.Run(() => open(d.Folder, d.Day)))
            .ToArray();
        try
        {
            Task.WaitAll(opening);
        }
        catch (AggregateException failed)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.InnerExceptions[0]);
        }
        for (var i = 0; i < days.Count; i++)
            into[days[i].Day] = opening[i].Result;
    }

    /// <summary>The folder of a day.</summary>
    public static string Of(string directory, long day) => Path.Combine(directory, $"day-{day}");

    /// <summary>Deletes a day's folder (its store closed first).</summary>
    public static void Delete(string directory, string folder, long day)
    {
        var doomed = Path.Combine(directory, $"dropped-{day}");
        Directory.Move(folder, doomed);
        Directory.Delete(doomed, recursive: true);
    }
}
