namespace Tracing.Cluster;

/// <summary>
/// An exclusive lock on a file (<see cref="FileShare.None"/>, an <c>flock</c> on Linux) held while a store is open in
/// this process: the fence that keeps a second activation of the same partition, or a second owner of the control store,
/// from opening it while the first process still runs. The operating system drops the lock when the process dies.
/// </summary>
internal sealed class FileLease : IDisposable
{
    private readonly FileStream _file;

    private FileLease(FileStream file) => _file = file;

    /// <summary>Takes the lease at <paramref name="path"/>, or returns null when another holder has it.</summary>
    public static FileLease? TryTake(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new FileLease(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Releases the lease.</summary>
    public void Dispose() => _file.Dispose();
}
