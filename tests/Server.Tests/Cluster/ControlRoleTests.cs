using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
/// A silo that owned the control store, let it go (the control grain moved away) and won it back in the same process
/// serves the engine it opened the second time: a call waiting for the owner's engine never gets the closed one.
/// </summary>
public sealed class ControlRoleTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tracing-server-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_silo_that_wins_the_control_store_back_serves_the_engine_it_opened_again()
    {
        // A real Orleans silo's grain factory (not started: the engine here opens its own partitions and calls no grain).
        using var host = Host.CreateApplicationBuilder().UseOrleans(silo => silo.UseLocalhostClustering()).Build();
        var opened = new List<TracingEngine>();
        var store = new ControlStore(Path.Combine(_directory, "control.lease"), (_, time) =>
        {
            var engine = TracingEngine.Open(new EngineOptions { Store = StoreOptions.Small(_directory), Observations = ObservationOptions.Small, Scans = ScanOptions.Small }, time);
            opened.Add(engine);
            return engine;
        });
        var role = new ControlRole(
            host.Services.GetRequiredService<IGrainFactory>(),
            store,
            new PartitionStores(_directory, new PartitionLayout(1), _ => throw new InvalidOperationException("no partition grain here")),
            new ClusterSettings(),
            new OwnerAddress("http://127.0.0.1:5001", "http://127.0.0.1:5081", "root/1"),
            TimeProvider.System,
            NullLogger<ControlRole>.Instance);

        await role.TakeAsync(default);
        Assert.Same(opened[0], await role.WhenOwnerAsync(default));
        await role.ReleaseAsync("the control grain moved to another silo");
        var waiting = role.WhenOwnerAsync(default);
        Assert.False(waiting.IsCompleted, "a caller got an engine while this silo owned none");
        await role.TakeAsync(default);

        Assert.Equal(2, opened.Count);
        Assert.Same(opened[1], await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Same(opened[1], await role.WhenOwnerAsync(default));
        Assert.Same(opened[1], role.Engine);
        await role.ReleaseAsync("test over");
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }
}
