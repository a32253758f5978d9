namespace Tracing.Cluster;

/// <summary>
/// The <c>Tracing:Cluster</c> section: whether this server is one silo of an Orleans cluster, and how it joins it.
/// Without the section (or with <see cref="Enabled"/> false) the server runs embedded, every partition in its process.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>Turns this server into a silo of the cluster named by <see cref="ClusterId"/>.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The Redis server that keeps the membership table and the cluster's storage root id (a StackExchange.Redis
    /// connection string, e.g. <c>redis.internal:6379,password=…,ssl=true</c>). Never logged: it may hold a password.
    /// </summary>
    public string Redis { get; set; } = "localhost:6379";

    /// <summary>The cluster's name: silos with the same id (and the same Redis) form one cluster.</summary>
    public string ClusterId { get; set; } = "tracing";

    /// <summary>The service's name, stable across deployments of the cluster.</summary>
    public string ServiceId { get; set; } = "tracing";

    /// <summary>The port silos talk to each other on (Orleans's silo-to-silo protocol).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port Orleans clients connect to; 0 (the default) opens none: every caller uses the gRPC and web ports.</summary>
    public int GatewayPort { get; set; }

    /// <summary>
    /// The address other silos reach this one at: for Orleans, and for the gRPC and web ports a forwarding silo
    /// sends requests to when this silo owns the control store.
    /// </summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>
    /// A secret every silo of the cluster shares: a forwarded request carries it, and only a request carrying it may say
    /// which client it forwards (<c>X-Forwarded-For</c>). Empty: forwarded addresses are believed from loopback only.
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// This silo's certificate for mutual TLS on the silo port: a PEM file (its key in <see cref="CertificateKey"/>, or
    /// in the same file) or a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>; its password in <see cref="CertificatePassword"/>).
    /// Empty: no TLS, which only a silo on loopback may run without.
    /// </summary>
    public string Certificate { get; set; } = "";

    /// <summary>The PEM private key of <see cref="Certificate"/>, when it is not in the certificate's own file.</summary>
    public string CertificateKey { get; set; } = "";

    /// <summary>The password of a PKCS#12 <see cref="Certificate"/> or of an encrypted PEM <see cref="CertificateKey"/>. Never logged.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>
    /// A PEM file with the cluster's certificate authority (one or more certificates, for a rotation): a peer's
    /// certificate must chain to one of them, whatever the operating system trusts. Required with <see cref="Certificate"/>.
    /// </summary>
    public string CertificateAuthority { get; set; } = "";

    /// <summary>True when <see cref="AdvertisedHost"/> is a loopback address: the silos are all on this machine.</summary>
    public bool OnLoopback => AdvertisedHost == "localhost" || (System.Net.IPAddress.TryParse(AdvertisedHost, out var host) && System.Net.IPAddress.IsLoopback(host));

    /// <summary>How long a silo waits for a probe's answer before counting it missed (seconds).</summary>
    public double ProbeTimeoutSeconds { get; set; } = 5;

    /// <summary>Missed probes after which a silo is suspected; enough suspicions declare it dead.</summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>Votes of other silos needed to declare a silo dead.</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>
    /// How long a call to a partition is retried while the partition is unreachable (its silo died and the cluster has
    /// not yet moved it, or it is moving), before it is refused as unavailable (seconds).
    /// </summary>
    public double RetrySeconds { get; set; } = 30;

    /// <summary>How long a partition or the control store may take to open (recover) on a silo before the attempt is given up and made again (seconds).</summary>
    public double OpenTimeoutSeconds { get; set; } = 300;

    /// <summary>How long a silo may take to leave gracefully, and a partition to close (seconds).</summary>
    public double ShutdownSeconds { get; set; } = 30;
}
