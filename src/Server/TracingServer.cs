using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tracing.Cluster;
using Tracing.Matching;
using Tracing.Matching.Storage;
using Tracing.Server.CheckIn;
using Tracing.Server.Grpc;
using Tracing.Server.Grpc.Decoding;
using Tracing.Server.Limits;
using Tracing.Server.Messaging;
using Tracing.Server.Security;
using Tracing.Server.Telemetry;
using Tracing.Server.Web;

namespace Tracing.Server;

/// <summary>Builds and runs the Tracing host: the gRPC contract on the <c>Grpc</c> endpoint, web pages on <c>Web</c>.</summary>
public static class TracingServer
{
    /// <summary>Builds the application from the usual ASP.NET Core configuration sources and <paramref name="args"/>.</summary>
    /// <param name="configure">
    /// Lets a host or a test replace services before the host is built: the clock, or the SMS sender
    /// (<c>builder.Services.AddSingleton&lt;ISmsSender, YourGateway&gt;()</c>, which takes precedence over
    /// <c>Tracing:Sms:Sender</c>).
    /// </param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings files ship beside the binary; relative paths such as the data folder follow the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = builder.Configuration.GetSection("Tracing").Get<TracingSettings>() ?? new TracingSettings();
        SettingsCheck.Validate(settings);
        var dataDir = Path.GetFullPath(settings.DataDir);
        // Before anything writes under it: what the server creates from now on is its owner's only.
        DataFolderAccess.RestrictFromNowOn(dataDir);
        builder.Services.AddSingleton(settings);
        builder.Services.Configure<AuthSettings>(builder.Configuration.GetSection("Auth"));
        builder.Services.AddSingleton(TimeProvider.System);
        var engineOptions = new EngineOptions
        {
            Store = new StoreOptions
            {
                Directory = ClusterMode.StorageRootOf(dataDir),
                MemorySizeBits = settings.StoreMemorySizeBits,
                IndexSizeBits = settings.StoreIndexSizeBits,
            },
            Observations = settings.Observations.ToOptions(),
            Partitions = settings.Partitions,
            Rules = settings.Rules.ToRules(),
        };
        if (settings.Cluster is { Enabled: true } cluster)
            builder.AddClusterSilo(cluster, engineOptions);
        else
        {
            // The folder is this server's alone before any store in it opens, and until the engine has closed (the
            // container disposes the engine first: it was made after the lock).
            builder.Services.AddSingleton(_ => DataFolderLock.Take(dataDir));
            builder.Services.AddSingleton(sp =>
            {
                sp.GetRequiredService<DataFolderLock>();
                return TracingEngine.Open(engineOptions, sp.GetRequiredService<TimeProvider>());
            });
        }
        builder.Services.AddSingleton(sp => new ServedEngine(sp, sp.GetService<Cluster.Control.ControlRole>()));
        builder.Services.AddSingleton(_ => KeyRing.LoadOrCreate(dataDir));
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton(sp => new QrPayloads(sp.GetRequiredService<KeyRing>(), settings.PublicBaseUrl, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSmsSender(settings.Sms, dataDir, builder.Environment);
        builder.Services.AddSingleton<CallerResolver>();
        builder.Services.AddSingleton<ScanHandler>();
        builder.Services.AddSingleton<Grpc.CasesFirst>();
        builder.Services.AddSingleton<Grpc.BulkLane>();
        builder.Services.AddSingleton<Draining>();
        // SIGTERM: calls under way get this long to finish (new ones are refused at once, streams told to reconnect),
        // then the engine closes with a last checkpoint. A silo's own bound is the cluster's (Tracing:Cluster:ShutdownSeconds).
        if (!settings.Clustered)
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(settings.ShutdownSeconds));
        builder.Services.AddSingleton<ScanHistory>();
        builder.Services.AddSingleton(sp => new Privacy.AuditLog(dataDir, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<Web.PortalBackend>();
        builder.Services.AddPortalForms(dataDir);
        builder.Services.AddHostedService<RetentionService>();
        builder.Services.AddSingleton<AbuseLimits>();
        builder.AddTracingTelemetry(settings.Telemetry);
        builder.Services.AddGrpc(options =>
        {
            // Outermost: it times the whole call and sees the status the caller gets.
            options.Interceptors.Add<Telemetry.CallMetrics>();
            options.Interceptors.Add<Draining>();
            options.Interceptors.Add<ErrorsAndCallers>();
            // After the caller is known (devices are limited by it); a singleton, so the counts outlive a call.
            options.Interceptors.Add<AbuseLimits>();
            options.MaxReceiveMessageSize = RequestLimits.TransportCapBytes;
        }).AddGuardedDecoding()
            // A backup's files are mostly preallocated, empty log space: gzip sends those runs of zeros as almost nothing.
            .AddServiceOptions<AdminGrpcService>(admin =>
            {
                admin.ResponseCompressionAlgorithm = "gzip";
                admin.ResponseCompressionLevel = System.IO.Compression.CompressionLevel.Fastest;
            });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<StoreHealthCheck>("store");
        configure?.Invoke(builder);

        var app = builder.Build();
        // First of all: the metrics port serves the scrape and nothing else, and the scrape is served nowhere else.
        app.UseMetricsPort(settings.Telemetry);
        // In a cluster, first of all: a silo that does not own the control store forwards every request to the owner.
        if (settings.Clustered)
            app.UseOwnerForwarding();
        app.UsePortalProxies(settings.Portal);
        app.UsePortalForms();
        app.UseVietnameseFallback();
        app.MapGrpcService<AuthGrpcService>();
        app.MapGrpcService<VenueGrpcService>();
        app.MapGrpcService<DeclarationGrpcService>();
        app.MapGrpcService<CheckInGrpcService>();
        app.MapGrpcService<ContactGrpcService>();
        app.MapGrpcService<CaseGrpcService>();
        app.MapGrpcService<ExposureGrpcService>();
        app.MapGrpcService<SafetyGrpcService>();
        app.MapGrpcService<ReportGrpcService>();
        app.MapGrpcService<RegionGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        WebPages.Map(app);
        return app;
    }

    /// <summary>Runs the server until shutdown; the store is opened (and recovered) before serving.</summary>
    /// <returns>The process's exit code: 0 after a stop, 75 when a silo stopped itself having lost the control store.</returns>
    /// <exception cref="StartRefusedException">A setting is wrong; the message says what to set.</exception>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (InvalidOperationException refused)
        {
            throw new StartRefusedException(refused);
        }
        await using var running = app;
        try
        {
            OpenStore(app);
        }
        catch (InvalidOperationException refused)
        {
            throw new StartRefusedException(refused);
        }
        var stopping = 0L;
        app.Lifetime.ApplicationStopping.Register(() => stopping = System.Diagnostics.Stopwatch.GetTimestamp());
        var clustered = app.Services.GetRequiredService<TracingSettings>().Clustered;
        var control = app.Services.GetService<Cluster.Control.ControlRole>();
        // Returns once the host stopped and its services were disposed: the engine with a last checkpoint of every store.
        try
        {
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (IOException taken) when (taken.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // A port taken after OpenStore found it free; the host has closed the store already.
            throw new StartRefusedException(new InvalidOperationException(taken.Message + " Another process listens on that port: stop it, or set another port (Kestrel:Endpoints:Grpc:Url, Kestrel:Endpoints:Web:Url).", taken));
        }
        // Said on the console: the host's logging is gone with its services.
        if (!clustered && stopping != 0)
            Console.WriteLine($"Stopped in {System.Diagnostics.Stopwatch.GetElapsedTime(stopping).TotalSeconds:F2} s: calls drained and every store checkpointed, so the next start replays nothing.");
        // A silo that lost the control store while it ran stopped itself to start afresh: not a clean stop (EX_TEMPFAIL).
        return control is { LostWhileRunning: true } ? 75 : 0;
    }


    /// <summary>
    /// Opens the engine eagerly so recovery happens before the first call, and logs where. Before it: the data folder is
    /// taken (<see cref="DataFolderLock"/>) and the ports are checked free (<see cref="ListenPorts"/>), each refusing
    /// the start with <see cref="InvalidOperationException"/> when not.
    /// </summary>
    public static void OpenStore(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<TracingSettings>();
        var dataDir = Path.GetFullPath(settings.DataDir);
        // Another server on this folder is named before a port it also holds.
        app.Services.GetService<DataFolderLock>();
        ListenPorts.RequireFree(app.Configuration);
        if (DataFolderAccess.RestrictExisting(dataDir) is > 0 and var restricted)
            ServerLog.DataFolderRestricted(app.Logger, restricted, dataDir);
        // A silo opens the engine only when the cluster makes it the owner of the control store (ClusterStartup).
        if (settings.Clustered)
        {
            app.Services.GetRequiredService<ISmsSender>();
            return;
        }
        var engine = app.Services.GetRequiredService<TracingEngine>();
        ServerLog.StoreOpened(app.Logger, Path.GetFullPath(settings.DataDir), engine.Recovery);
        if (engine.Recovery.ObservationLogToReplay > 0)
            _ = LogReplayAsync(app.Logger, engine.ObservationReplay);
        // A mistake in Auth:ApiKeys stops the start, rather than the first call of a health department.
        app.Services.GetRequiredService<CallerResolver>();
        // So does an SMS sender that does not fit the environment (the development outbox outside Development).
        app.Services.GetRequiredService<ISmsSender>();
    }

    private static async Task LogReplayAsync(ILogger logger, Task<TimeSpan> replay)
    {
        try
        {
            ServerLog.ObservationReplayDone(logger, (await replay.ConfigureAwait(false)).TotalSeconds);
        }
        catch (Exception exception)
        {
            ServerLog.ObservationReplayFailed(logger, exception);
        }
    }
}
