using StackExchange.Redis;
using Tracing.Matching.Partitions;

namespace Tracing.Cluster;

/// <summary>
/// Keeps a silo off any storage root but the cluster's, before it joins: the cluster's root id and partition count are
/// recorded in Redis (beside the membership table, under the service's id) by the first silo that opens a root, and
/// every silo compares its own with them before Orleans starts. A silo whose root is another (a shared mount that
/// failed at boot and left an empty folder, a typo in the path) refuses to start, and never writes a layout into an
/// empty folder, so it can never open empty stores as the cluster's — whatever Orleans activates where afterwards.
/// </summary>
public static class ClusterStorageRoot
{
    /// <summary>The Redis key holding the root of the service <paramref name="serviceId"/>: <c>id/count</c>.</summary>
    public static string KeyOf(string serviceId) => $"tracing:{serviceId}:storage-root";

    /// <summary>
    /// The layout of <paramref name="storageRoot"/> (created with <paramref name="requested"/> partitions for the first
    /// silo of a new cluster) once it is the cluster's; throws, naming what to fix, when it is not.
    /// </summary>
    public static PartitionLayout Open(ClusterSettings settings, string storageRoot, int? requested)
    {
        using var redis = Connect(settings);
        var database = redis.GetDatabase();
        var key = KeyOf(settings.ServiceId);
        var recorded = (string?)database.StringGet(key);
        string? agreedId = null;
        if (!PartitionLayout.ExistsIn(storageRoot))
        {
            if (recorded is null)
            {
                // A new cluster: the id is agreed in Redis first, so silos started together on one new folder all write
                // the same layout (the first to record wins), instead of each its own.
                database.StringSet(key, $"{Guid.NewGuid():N}/{requested ?? 1}", when: When.NotExists);
                recorded = (string?)database.StringGet(key) ?? throw NotTheClusters(settings, storageRoot, "none", "(none)", key);
                (agreedId, var count) = Parse(recorded);
                if (requested is { } asked && asked != count)
                    throw new InvalidOperationException($"The cluster's new storage root has {count} partitions, this silo's Tracing:Partitions says {asked}: give every silo the same count (or leave it out). This silo refused to start.");
                requested = count;
            }
            // The cluster has a root and this folder none: an empty folder where the shared root should be mounted (a
            // silo of the same folder may be writing its layout this very moment: it is given a few seconds).
            else if (!LayoutAppears(storageRoot))
            {
                throw NotTheClusters(settings, storageRoot, "none: the folder holds no storage root (a shared mount that failed at boot?)", recorded, key);
            }
        }
        var layout = PartitionLayout.OpenOrCreate(storageRoot, requested, agreedId);
        var mine = $"{layout.Root}/{layout.Count}";
        // A root opened before Redis knew one (a first start, Redis's data lost) is recorded; the others compare.
        database.StringSet(key, mine, when: When.NotExists);
        recorded = database.StringGet(key);
        if (recorded != mine)
            throw NotTheClusters(settings, storageRoot, mine, recorded ?? "(none)", key);
        return layout;
    }

    private static (string Id, int Count) Parse(string recorded)
    {
        var slash = recorded.LastIndexOf('/');
        return (recorded[..slash], int.Parse(recorded[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool LayoutAppears(string storageRoot)
    {
        for (var wait = 0; wait < 50; wait++)
        {
            Thread.Sleep(100);
            if (PartitionLayout.ExistsIn(storageRoot))
                return true;
        }
        return false;
    }

    private static ConnectionMultiplexer Connect(ClusterSettings settings)
    {
        try
        {
            var options = ConfigurationOptions.Parse(settings.Redis);
            // A silo starting on a busy machine gets more than StackExchange.Redis's 5 s, unless the operator chose.
            if (!settings.Redis.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
                options.ConnectTimeout = 15_000;
            return ConnectionMultiplexer.Connect(options);
        }
        catch (Exception e) when (e is RedisException or ArgumentException)
        {
            // Not as an inner exception: another library's words are shown only once the secrets are taken out.
            throw new InvalidOperationException($"Redis (Tracing:Cluster:Redis = {ClusterSecrets.RedisShown(settings)}) could not be reached to check this silo's storage root: {ClusterSecrets.Redact(settings, e.Message)} Check the address, the password (password=… in the connection string) and that Redis runs.");
        }
    }

    private static InvalidOperationException NotTheClusters(ClusterSettings settings, string storageRoot, string mine, string recorded, string key) => new(
        $"This silo's storage root {storageRoot} is not the cluster's: its root id/partition count is {mine}, the cluster's is {recorded} (Redis key {key}). "
        + "Mount the cluster's shared storage root there (Tracing:DataDir), the one every other silo opened, and start again. "
        + $"Only to make another root the cluster's on purpose (a new, empty one, or a restored backup, which has a root id of its own): stop every silo, then delete the key (redis-cli DEL {key}) or choose a new Tracing:Cluster:ServiceId. This silo refused to start (service {settings.ServiceId}).");
}
