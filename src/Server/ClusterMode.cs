using Tracing.Cluster;
using Tracing.Cluster.Control;
using Tracing.Cluster.Forwarding;
using Tracing.Cluster.Partitions;
using Tracing.Matching;
using Tracing.Matching.Partitions;
using Tracing.Server.Grpc;

namespace Tracing.Server;

/// <summary>
/// Wires the server as a silo of the cluster (<see cref="TracingSettings.Cluster"/>): partition grains over the shared
/// storage root, the engine opened on whichever silo owns the control store, and every request forwarded to it.
/// </summary>
internal static class ClusterMode
{
    /// <summary>The storage root under a data folder: the general store, and the partitions under <c>partitions/</c>.</summary>
    public static string StorageRootOf(string dataDir) => Path.Combine(dataDir, "store");

    /// <summary>Adds the silo, and the engine as the owner's (resolving it on a silo that does not own the control store throws).</summary>
    public static void AddClusterSilo(this WebApplicationBuilder builder, ClusterSettings cluster, EngineOptions options)
    {
        var root = options.Store.Directory;
        // Settings first, then the root: a silo that must not join learns it before it writes anything or meets a peer.
        ClusterHosting.RequireSafeSettings(cluster);
        // Every silo reads (or, on a new cluster's new root, creates) the same layout, the one Redis records as the cluster's.
        var layout = ClusterStorageRoot.Open(cluster, root, options.Partitions);
        var partitions = new PartitionStores(root, layout, number => Partition.Open(root, number, options));
        var control = new ControlStore(Path.Combine(root, "control.lease"), (grains, time) => TracingEngine.Open(options, time, grains));
        builder.AddTracingCluster(cluster, partitions, control, SelfOf(builder.Configuration, cluster, layout));
        // A forwarding silo's refusal is shaped as every other refusal of the server.
        builder.Services.AddSingleton(new UnavailableRefusal((english, vietnamese) => ErrorsAndCallers.StatusDetails(global::Grpc.Core.StatusCode.Unavailable, english, vietnamese)));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<ControlRole>().Engine
            ?? throw new InvalidOperationException("This silo does not own the control store; its requests go to the owner."));
    }

    /// <summary>Where the other silos reach this one's gRPC and web ports: the Kestrel endpoints' ports at the advertised host.</summary>
    private static OwnerAddress SelfOf(IConfiguration configuration, ClusterSettings cluster, PartitionLayout layout)
    {
        string At(string endpoint, string fallback)
        {
            var url = configuration[$"Kestrel:Endpoints:{endpoint}:Url"] ?? fallback;
            var port = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal)).Port;
            return $"http://{cluster.AdvertisedHost}:{port}";
        }
        return new OwnerAddress(At("Grpc", "http://localhost:5000"), At("Web", "http://localhost:5080"), $"{layout.Root}/{layout.Count}");
    }
}
