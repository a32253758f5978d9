using System.Runtime.InteropServices;

namespace Tracing.Matching.Storage;

/// <summary>
/// Removes a range of a log segment file that the log no longer reads (below its begin address): on Linux the range's
/// blocks are released (<c>fallocate</c> with <c>FALLOC_FL_PUNCH_HOLE</c>: nothing is written, the range reads as zeros
/// and its blocks go back to the file system); elsewhere, or where the file system cannot, it is overwritten with zeros.
/// FASTER keeps its own (shared) handles on the file and never touches that range again.
/// </summary>
internal static partial class DiscardedBytes
{
    private const int PunchHoleKeepSize = 0x02 | 0x01;

    /// <summary>Discards [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>) of the file at <paramref name="path"/>.</summary>
    public static void Discard(string path, long offset, long length)
    {
        if (length <= 0 || !File.Exists(path))
            return;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        if (OperatingSystem.IsLinux() && PunchHole(file, offset, length))
            return;
        file.Position = offset;
        var zeros = new byte[Math.Min(length, 1 << 20)];
        for (long written = 0; written < length; written += zeros.Length)
            file.Write(zeros, 0, (int)Math.Min(zeros.Length, length - written));
        file.Flush(flushToDisk: true);
    }

    private static bool PunchHole(FileStream file, long offset, long length)
    {
        var handle = file.SafeFileHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Fallocate((int)handle.DangerousGetHandle(), PunchHoleKeepSize, offset, length) == 0 && Fsync((int)handle.DangerousGetHandle()) == 0;
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int Fallocate(int fd, int mode, long offset, long length);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);
}
