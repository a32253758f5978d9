namespace Tracing.Server;

/// <summary>
/// The embedded server's hold on its data folder: an exclusive lock (<see cref="FileShare.None"/>, an <c>flock</c> on
/// Linux) on <c>&lt;data-dir&gt;/store/server.lock</c>, taken before any store of the folder opens and given back after
/// the engine closed. A second server started on the same folder meanwhile refuses to start rather than open the same
/// FASTER files, which would corrupt them. The operating system drops the lock when the process dies, even by
/// <c>kill -9</c>. A cluster's silos share one storage root and take a lease on each partition instead.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    /// <summary>The lock file's name under the storage root; a backup leaves it out, as it does the cluster's leases.</summary>
    public const string FileName = "server.lock";

    private readonly FileStream _file;

    private DataFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="dataDir"/>; throws, saying what to do, when another server holds it.</summary>
    public static DataFolderLock Take(string dataDir)
    {
        var storageRoot = ClusterMode.StorageRootOf(dataDir);
        var path = Path.Combine(storageRoot, FileName);
        Directory.CreateDirectory(storageRoot);
        try
        {
            return new DataFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"Another server holds the data folder {dataDir} (its lock {path} is taken): two servers on one data folder would corrupt its store. "
                + "Stop the other server first, or give this one a data folder of its own (Tracing:DataDir).");
        }
    }

    /// <summary>Gives the data folder back.</summary>
    public void Dispose() => _file.Dispose();
}
