using System.Text.Json.Nodes;

namespace Tracing.Shared.Backup;

/// <summary>
/// A restored storage root is a root of its own: it gets a new id, so a silo started on the copy with the cluster's
/// service id and Redis is refused by the cluster's storage-root check, instead of serving the copy's partitions while
/// the original cluster runs. The id lives in <c>store/partitions/layout.json</c> (<c>PartitionLayout.Root</c>); a server
/// on its own does not compare it with anything, and the partition count and every store are kept as they were.
/// </summary>
internal static class StorageRootId
{
    /// <summary>The layout of the storage root in a data folder, as <c>PartitionLayout</c> writes it.</summary>
    private const string LayoutFile = "store/partitions/layout.json";

    /// <summary>
    /// Gives the storage root under <paramref name="dataDir"/> a new random id and returns it; null when the folder has
    /// no layout (a root from before partitions, which gets a new id at its first start anyway).
    /// </summary>
    public static string? Renew(string dataDir)
    {
        var file = Path.Combine(dataDir, LayoutFile);
        if (!File.Exists(file))
            return null;
        var layout = JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new InvalidOperationException($"{LayoutFile} in the backup is not a storage root's layout.");
        var id = Guid.NewGuid().ToString("N");
        layout["Root"] = id;
        // Written in place, so the file keeps the owner-only mode the restore gave it.
        File.WriteAllText(file, layout.ToJsonString());
        return id;
    }
}
