namespace Tracing.Matching.Tests;

/// <summary>
/// What a <c>kill -9</c> leaves on disk: the files of a store that is still open, copied as they are. Reopening the
/// copy is a restart after a crash.
/// </summary>
internal static class CrashImage
{
    /// <summary>Copies every folder and file under <paramref name="from"/> to <paramref name="to"/> (which may lie inside it).</summary>
    public static void Copy(string from, string to)
    {
        // The store goes on in the background (FASTER deletes a log's older commit file once a newer one is written):
        // a file gone between the listing and its copy means the copy is of no single moment, so it starts again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                CopyOnce(from, to);
                return;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && attempt < 5)
            {
                Directory.Delete(to, recursive: true);
            }
        }
    }

    private static void CopyOnce(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var folder in Directory.GetDirectories(from, "*", SearchOption.AllDirectories).Where(f => !IsIn(f, to)))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories).Where(f => !IsIn(f, to)))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private static bool IsIn(string path, string folder)
        => path == folder || path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
