namespace Tracing.Matching.Internal;

/// <summary>Small files replaced whole: written beside the target, then renamed over it, so a crash leaves old or new.</summary>
internal static class AtomicFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        using (var file = File.Create(path + ".tmp"))
            file.Write(content);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static void WriteText(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));
}
