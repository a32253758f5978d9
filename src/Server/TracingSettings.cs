using Tracing.Matching.Model;

namespace Tracing.Server;

/// <summary>The <c>Tracing</c> configuration section.</summary>
public sealed class TracingSettings
{
    /// <summary>Where the embedded store, keys, audit log and development SMS outbox live; kept owner-only (0700/0600).</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>The public address printed in venue QR codes (the web check-in page).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>In-memory part of the store's log, as a power of two of bytes.</summary>
    public int StoreMemorySizeBits { get; set; } = 28;

    /// <summary>Store hash index size, as a power of two of buckets.</summary>
    public int StoreIndexSizeBits { get; set; } = 20;

    /// <summary>
    /// How many partitions a new data directory's store is split into (scans by venue, sightings by observer); fixed at
    /// creation, so leave it out for an existing one. Unset: 1, the embedded default.
    /// </summary>
    public int? Partitions { get; set; }

    /// <summary>The configurable numbers of the domain rules.</summary>
    public RuleSettings Rules { get; set; } = new();

    /// <summary>Calls per phone, device or network address before RESOURCE_EXHAUSTED (request floods).</summary>
    public Limits.LimitSettings Limits { get; set; } = new();

    /// <summary>Sizing and limits of the observation store.</summary>
    public ObservationSettings Observations { get; set; } = new();

    /// <summary>How the web portal is reached (reverse proxies that end TLS).</summary>
    public Web.PortalSettings Portal { get; set; } = new();

    /// <summary>
    /// On SIGTERM, how long calls under way get to finish before they are cut off; then every store takes a last
    /// checkpoint (seconds at most; docs/OPERATIONS.md).
    /// </summary>
    public double ShutdownSeconds { get; set; } = 15;

    /// <summary>Where metrics are scraped and where metrics and traces are sent (off unless set).</summary>
    public Telemetry.TelemetrySettings Telemetry { get; set; } = new();

    /// <summary>Which SMS sender carries the one-time codes.</summary>
    public Messaging.SmsSettings Sms { get; set; } = new();

    /// <summary>
    /// Cluster mode (<c>Tracing:Cluster:*</c>): this server as one silo of an Orleans cluster. Absent (or not enabled):
    /// the embedded default, every partition in this process and no Orleans.
    /// </summary>
    public Cluster.ClusterSettings? Cluster { get; set; }

    /// <summary>Whether this server is a silo of a cluster.</summary>
    public bool Clustered => Cluster is { Enabled: true };

    /// <summary>Rule settings in plain units, for configuration files and environment variables.</summary>
    public sealed class RuleSettings
    {
        /// <summary>A visit without out-scan closes after this many minutes.</summary>
        public double DefaultDwellMinutes { get; set; } = 60;

        /// <summary>Minutes after a case left a venue during which arrivals are exposed.</summary>
        public double LingerMinutes { get; set; } = 30;

        /// <summary>Hours a health declaration stays valid.</summary>
        public double DeclarationValidityHours { get; set; } = 24;

        /// <summary>Weighted minutes per observer and day that make an F1.</summary>
        public double MinimumWeightedMinutes { get; set; } = 15;

        /// <summary>Days visits and observations are kept.</summary>
        public double RetentionDays { get; set; } = 21;

        /// <summary>Scans by one person in one day beyond which further scans are flagged for review (and kept).</summary>
        public int DailyScanCap { get; set; } = 60;

        /// <summary>The engine's rules.</summary>
        public TracingRules ToRules() => new()
        {
            DefaultDwell = TimeSpan.FromMinutes(DefaultDwellMinutes),
            Linger = TimeSpan.FromMinutes(LingerMinutes),
            DeclarationValidity = TimeSpan.FromHours(DeclarationValidityHours),
            MinimumWeightedMinutes = MinimumWeightedMinutes,
            Retention = TimeSpan.FromDays(RetentionDays),
            DailyScanCap = DailyScanCap,
        };
    }
}
