namespace Tracing.Cli.Demo;

/// <summary>Where and as whom the scripted city runs.</summary>
/// <param name="Server">The server's gRPC address, e.g. <c>http://localhost:5000</c>.</param>
/// <param name="HealthKey">API key of the health department of province 79 (<c>x-api-key</c>).</param>
/// <param name="PartnerKey">API key of a partner system of province 79.</param>
/// <param name="OutboxPath">The server's development SMS outbox, <c>&lt;data-dir&gt;/outbox/sms.jsonl</c>.</param>
internal sealed record CityScriptOptions(string Server, string HealthKey, string PartnerKey, string OutboxPath)
{
    /// <summary>The default gRPC address of a server started with <c>dotnet run --project src/Server</c>.</summary>
    public const string DefaultServer = "http://localhost:5000";

    /// <summary>The development health-department key of province 79.</summary>
    public const string DefaultHealthKey = "dev-health-79";

    /// <summary>The development partner key of province 79.</summary>
    public const string DefaultPartnerKey = "dev-partner-79";

    /// <summary>The outbox of a server run from the repository root with its default data directory.</summary>
    public const string DefaultOutboxPath = "data/outbox/sms.jsonl";

    /// <summary>How long to wait for exposures and notifications that the server finds asynchronously.</summary>
    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The options with every default: a local development server.</summary>
    public static CityScriptOptions Default { get; } = new(DefaultServer, DefaultHealthKey, DefaultPartnerKey, DefaultOutboxPath);
}
