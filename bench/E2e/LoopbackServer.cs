using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracing.Bench.Engine;
using Tracing.Harness;
using Tracing.Matching;
using Tracing.Server;
using Tracing.Server.Messaging;
using Tracing.Server.Security;

namespace Tracing.Bench.E2e;

/// <summary>
/// The real server in this process on loopback ports, on a temporary data folder, its clock at the data's "now".
/// Load is sent through gRPC only; <see cref="Engine"/> and <see cref="Qr"/> serve the set-up (venues, notifications
/// to read back) and the in-process query timing.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    public const string HealthKey = "bench-health-79";
    public const string PartnerKey = "bench-partner-79";
    private readonly WebApplication _app;
    private readonly string _directory;

    private LoopbackServer(WebApplication app, string directory, string grpcAddress)
    {
        _app = app;
        _directory = directory;
        GrpcAddress = grpcAddress;
    }

    public string GrpcAddress { get; }

    public TracingEngine Engine => _app.Services.GetRequiredService<TracingEngine>();

    public QrPayloads Qr => _app.Services.GetRequiredService<QrPayloads>();

    public static async Task<LoopbackServer> StartAsync(IEnumerable<string>? settings = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tracing-bench-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        var grpc = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var app = TracingServer.Build(
            [
                $"--Kestrel:Endpoints:Grpc:Url={grpc}",
                $"--Kestrel:Endpoints:Web:Url=http://127.0.0.1:{LoopbackPorts.Free()}",
                $"--Tracing:DataDir={directory}",
                // Sized as a deployment would be for this data: the general store (people, cases, notification feeds) in memory.
                "--Tracing:StoreMemorySizeBits=30",
                $"--Auth:ApiKeys:0:Key={HealthKey}", "--Auth:ApiKeys:0:Role=HealthDepartment", "--Auth:ApiKeys:0:Province=79", "--Auth:ApiKeys:0:Name=Bench health 79",
                $"--Auth:ApiKeys:1:Key={PartnerKey}", "--Auth:ApiKeys:1:Role=Partner", "--Auth:ApiKeys:1:Province=79", "--Auth:ApiKeys:1:Name=Bench partner 79",
                "--Logging:LogLevel:Default=Warning",
                // Millions of observations from a few devices, under a clock that never moves (so no window would turn):
                // the abuse limits are for phones, not for a load test.
                "--Tracing:Limits:Enabled=false",
                .. settings ?? [],
            ],
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(new FixedClock(SyntheticData.Now));
                // The load signs no one in by SMS; the server (Production environment) still needs a sender, and the
                // development outbox is allowed there only when a host plugs it in, as here.
                builder.Services.AddSingleton<ISmsSender>(services => new OutboxSmsSender(directory, services.GetRequiredService<ILogger<OutboxSmsSender>>()));
            });
        // Not in the contract: the proximity query alone, to time it over the wire as PostgreSQL's is.
        app.MapGrpcService<ProximityQueryService>();
        TracingServer.OpenStore(app);
        await app.StartAsync();
        return new LoopbackServer(app, directory, grpc);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
