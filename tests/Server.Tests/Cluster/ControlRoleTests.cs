using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Tracing.Cluster;
using Tracing.Cluster.Control;
using Tracing.Cluster.Partitions;
using Tracing.Matching;
using Tracing.Matching.Partitions;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// A silo that lost the control store while it ran (the control grain moved away without the silo stopping) stops
/// itself, since its services hold the engine it closed; and until it has stopped, a call waiting for the owner's engine
/// never gets the closed one, even if the silo wins the control store back. A silo that is stopping just lets it go.
/// </summary>
public sealed class ControlRoleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tracing-server-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_silo_that_loses_the_control_store_while_running_stops_and_never_serves_the_closed_engine()
    {
        using var host = SiloHost();
        var opened = new List<TracingEngine>();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var role = NewRole(host, lifetime, opened);

        await role.TakeAsync(default);
        Assert.Same(opened[0], await role.WhenOwnerAsync(default));
        await role.ReleaseAsync("the control grain moved to another silo");
        Assert.True(role.LostWhileRunning);
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested, "a silo that lost the control store while running did not stop");
        var waiting = role.WhenOwnerAsync(default);
        Assert.False(waiting.IsCompleted, "a caller got an engine while this silo owned none");
        await role.TakeAsync(default);

        Assert.Equal(2, opened.Count);
        Assert.Same(opened[1], await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Same(opened[1], await role.WhenOwnerAsync(default));
        Assert.Same(opened[1], role.Engine);
        await role.ReleaseAsync("test over");
    }

    [Fact]
    public async Task A_silo_that_is_stopping_lets_the_control_store_go_as_a_clean_stop()
    {
        using var host = SiloHost();
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var role = NewRole(host, lifetime, []);
        await role.TakeAsync(default);

        lifetime.StopApplication();
        await role.ReleaseAsync("the silo is shutting down");

        Assert.False(role.LostWhileRunning);
        Assert.False(role.IsOwner);
    }

    // A real Orleans silo's grain factory (not started: the engine here opens its own partitions and calls no grain).
    private static IHost SiloHost() => Host.CreateApplicationBuilder().UseOrleans(silo => silo.UseLocalhostClustering()).Build();

    private ControlRole NewRole(IHost host, IHostApplicationLifetime lifetime, List<TracingEngine> opened)
    {
        var store = new ControlStore(Path.Combine(_directory, "control.lease"), (_, time) =>
        {
            var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, time);
            opened.Add(engine);
            return engine;
        });
        return new ControlRole(
            host.Services.GetRequiredService<IGrainFactory>(),
            store,
            new PartitionStores(_directory, new PartitionLayout(1), _ => throw new InvalidOperationException("no partition grain here")),
            new ClusterSettings(),
            new OwnerAddress("http://127.0.0.1:5001", "http://127.0.0.1:5081", "root/1"),
            TimeProvider.System,
            lifetime,
            NullLogger<ControlRole>.Instance);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
