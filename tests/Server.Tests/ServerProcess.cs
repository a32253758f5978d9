using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tracing.Clients;
using Tracing.Harness;
using Tracing.Server;
using Tracing.Server.Messaging;

namespace Tracing.Server.Tests;

/// <summary>
/// The real server on loopback ports with its store in a temporary folder; <see cref="RestartAsync"/> stops it
/// and starts it again on the same folder, as an operator would.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string HealthKey = "test-health-79";
    public const string OtherProvinceHealthKey = "test-health-01";
    public const string PartnerKey = "test-partner-79";
    /// <summary>Configured by its SHA-256 only (<c>Auth:ApiKeys:N:KeyHash</c>), as production keys should be.</summary>
    public const string OtherProvincePartnerKey = "test-partner-01";

    /// <summary>The operators' key (backups).</summary>
    public const string OperatorKey = "test-operator";

    private readonly Action<WebApplicationBuilder>? _configure;
    private readonly string[] _settings;
    private readonly bool _ownsDataDir;
    private WebApplication? _app;

    private ServerProcess(string dataDir, Action<WebApplicationBuilder>? configure, string[] settings, bool ownsDataDir = true)
    {
        _ownsDataDir = ownsDataDir;
        DataDir = dataDir;
        _configure = configure;
        _settings = settings;
    }

    public string DataDir { get; }

    public string GrpcAddress { get; private set; } = "";

    public string WebAddress { get; private set; } = "";

    public string OutboxPath => Path.Combine(DataDir, "outbox", "sms.jsonl");

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not running.");

    /// <param name="settings">More command-line settings, e.g. <c>--Tracing:Rules:DailyScanCap=3</c>.</param>
    public static async Task<ServerProcess> StartAsync(Action<WebApplicationBuilder>? configure = null, params string[] settings)
    {
        var server = new ServerProcess(Path.Combine(Path.GetTempPath(), "tracing-server-tests", Guid.NewGuid().ToString("N")), configure, settings);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>
    /// A server on <paramref name="dataDir"/>, which it shares with others (the silos of a cluster): disposing it leaves
    /// the folder to its owner.
    /// </summary>
    public static async Task<ServerProcess> StartSharingAsync(string dataDir, Action<WebApplicationBuilder>? configure = null, params string[] settings)
    {
        var server = new ServerProcess(dataDir, configure, settings, ownsDataDir: false);
        await server.StartServerAsync();
        return server;
    }

    public TracingClient Anonymous() => TracingClient.Anonymous(GrpcAddress);

    public TracingClient WithApiKey(string key) => TracingClient.ForApiKey(GrpcAddress, key);

    public TracingClient WithToken(string token) => TracingClient.ForCitizen(GrpcAddress, token);

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartServerAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!_ownsDataDir)
            return;
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// Starts the server on two free ports. A port found free may be taken by another test's server before this one
    /// binds it (test classes start servers in parallel), so a start that meets a taken port tries new ones.
    /// </summary>
    private async Task StartServerAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartServerOnFreePortsAsync();
                return;
            }
            catch (Exception taken) when (attempt < 5 && IsPortTaken(taken))
            {
                // Stopped, not only disposed: what did start (a cluster's silo) leaves before the next try.
                if (_app is not null)
                {
                    await _app.StopAsync();
                    await _app.DisposeAsync();
                }
                _app = null;
            }
        }
    }

    /// <summary>A port taken when the start checked it (before the store opened) or when Kestrel bound it.</summary>
    private static bool IsPortTaken(Exception start) => start is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException }
        || (start is InvalidOperationException && start.Message.Contains("address already in use", StringComparison.Ordinal));

    private async Task StartServerOnFreePortsAsync()
    {
        var grpcPort = LoopbackPorts.Free();
        var webPort = LoopbackPorts.Free();
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        WebAddress = $"http://127.0.0.1:{webPort}";
        string[] args =
        [
            $"--Kestrel:Endpoints:Grpc:Url={GrpcAddress}",
            $"--Kestrel:Endpoints:Web:Url={WebAddress}",
            $"--Tracing:DataDir={DataDir}",
            "--Tracing:StoreMemorySizeBits=25",
            "--Tracing:StoreIndexSizeBits=14",
            $"--Auth:ApiKeys:0:Key={HealthKey}", "--Auth:ApiKeys:0:Role=HealthDepartment", "--Auth:ApiKeys:0:Province=79", "--Auth:ApiKeys:0:Name=Test health 79",
            $"--Auth:ApiKeys:1:Key={OtherProvinceHealthKey}", "--Auth:ApiKeys:1:Role=HealthDepartment", "--Auth:ApiKeys:1:Province=01", "--Auth:ApiKeys:1:Name=Test health 01",
            $"--Auth:ApiKeys:2:Key={PartnerKey}", "--Auth:ApiKeys:2:Role=Partner", "--Auth:ApiKeys:2:Province=79", "--Auth:ApiKeys:2:Name=Test partner 79",
            $"--Auth:ApiKeys:3:KeyHash={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(OtherProvincePartnerKey)))}", "--Auth:ApiKeys:3:Role=Partner", "--Auth:ApiKeys:3:Province=01", "--Auth:ApiKeys:3:Name=Test partner 01",
            $"--Auth:ApiKeys:4:Key={OperatorKey}", "--Auth:ApiKeys:4:Role=Operator", "--Auth:ApiKeys:4:Name=Test operators",
            "--Logging:LogLevel:Default=Warning",
            .. _settings,
        ];
        _app = TracingServer.Build(args, builder =>
        {
            // The server runs in the Production environment, where the development outbox is refused unless a host
            // plugs it in: the tests read one-time codes from it, so they plug it in as a host plugs in its gateway.
            builder.Services.AddSingleton<ISmsSender>(services => new OutboxSmsSender(DataDir, services.GetRequiredService<ILogger<OutboxSmsSender>>(), services.GetRequiredService<TimeProvider>()));
            _configure?.Invoke(builder);
        });
        TracingServer.OpenStore(_app);
        await _app.StartAsync();
    }

    private async Task StopAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

}
