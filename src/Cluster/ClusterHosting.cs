using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Tracing.Cluster.Control;
using Tracing.Cluster.Forwarding;
using Tracing.Cluster.Partitions;
using Tracing.Cluster.Security;

namespace Tracing.Cluster;

/// <summary>Turns a Tracing server into a silo of the cluster (<see cref="ClusterSettings"/>).</summary>
public static class ClusterHosting
{
    /// <summary>
    /// Refuses settings a silo reached over a network must not start with, naming what to set: no cluster secret, no
    /// certificate for mutual TLS between silos (<see cref="SiloTls"/>). On loopback both stay optional.
    /// </summary>
    public static void RequireSafeSettings(ClusterSettings settings)
    {
        // Silos on other machines forward phones' requests: without the secret the owner could not tell a silo's claim
        // of the client's address from anyone's, and every phone behind a silo would share that silo's limits.
        if (settings.Secret.Length == 0 && !settings.OnLoopback)
            throw new InvalidOperationException($"Tracing:Cluster:Secret is required when silos reach each other over a network (Tracing:Cluster:AdvertisedHost is {settings.AdvertisedHost}): give every silo the same secret.");
        SiloTls.Require(settings);
    }

    /// <summary>
    /// Starts an Orleans silo in the host (membership on Redis), hosting partition grains over <paramref name="partitions"/>
    /// and, when it holds the control grain, the engine opened by <paramref name="control"/>; <paramref name="self"/> is
    /// where this silo's gRPC and web ports are reached by the others.
    /// </summary>
    public static void AddTracingCluster(this WebApplicationBuilder builder, ClusterSettings settings, PartitionStores partitions, ControlStore control, OwnerAddress self)
    {
        RequireSafeSettings(settings);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(partitions);
        builder.Services.AddSingleton(control);
        builder.Services.AddSingleton(sp => new ControlRole(
            sp.GetRequiredService<IGrainFactory>(),
            control,
            partitions,
            settings,
            self,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<ControlRole>>()));
        builder.Services.AddHttpForwarder();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(settings.ShutdownSeconds));
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(settings.Redis);
            // A trace goes on across silos: a grain call carries the caller's activity (exported when telemetry is on).
            silo.AddActivityPropagation();
            // Whoever reaches the silo port without a certificate of the cluster's CA gets no grain call through.
            silo.UseClusterTls(settings);
            silo.Services.AddPlacementDirector<PartitionPlacement, PartitionPlacementDirector>();
            // Never two activations of one grain among the members, even while a silo joins or leaves (the default
            // directory may briefly allow a second one during its hand-off). A second control grain would take the
            // control store from the owner while it serves; the leases fence the stores either way.
#pragma warning disable ORLEANSEXP003 // Orleans's strongly consistent directory is marked for evaluation.
            silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            silo.ConfigureEndpoints(settings.AdvertisedHost, settings.SiloPort, settings.GatewayPort, AddressFamily.InterNetwork, listenOnAnyHostAddress: false);
            // A partition recovers (its checkpoint and log) while it activates, and checkpoints while it deactivates.
            silo.Configure<GrainCollectionOptions>(options =>
            {
                options.ActivationTimeout = TimeSpan.FromSeconds(settings.OpenTimeoutSeconds);
                options.DeactivationTimeout = TimeSpan.FromSeconds(settings.ShutdownSeconds);
            });
            silo.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(settings.ProbeTimeoutSeconds);
                options.NumMissedProbesLimit = settings.NumMissedProbesLimit;
                options.NumVotesForDeathDeclaration = settings.NumVotesForDeathDeclaration;
            });
        });
        // After the silo: hosted services stop in reverse order, so this stops before the silo leaves.
        builder.Services.AddHostedService<ClusterStartup>();
    }

    /// <summary>Puts the forwarding to the owner first in the pipeline (<see cref="OwnerForwarding"/>).</summary>
    public static void UseOwnerForwarding(this WebApplication app) => app.UseMiddleware<OwnerForwarding>();
}
