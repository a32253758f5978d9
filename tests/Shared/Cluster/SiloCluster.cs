namespace Tracing.ClusterHarness;

/// <summary>
/// A cluster on this machine: a Redis membership table (with a password) and N silo processes on one shared storage
/// root (a folder here; a volume every silo mounts in production), talking mutual TLS with certificates of a CA made
/// for it (<see cref="Certificates"/>). Silos can be killed, asked to leave, and started again; the storage root and
/// logs are deleted on dispose unless <see cref="KeepFiles"/>.
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private readonly IReadOnlyList<string> _settings;
    private int _started;

    private SiloCluster(RedisServer redis, string root, int partitions, IReadOnlyList<string> settings)
    {
        Redis = redis;
        Root = root;
        Partitions = partitions;
        _settings = settings;
        Certificates = ClusterCertificates.Create(Path.Combine(root, "certificates"));
        Membership = new ClusterMembership(redis.ConnectionString, "tracing-" + Guid.NewGuid().ToString("N")[..8], Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
    }

    public RedisServer Redis { get; }

    public ClusterMembership Membership { get; }

    /// <summary>The cluster's CA, which issued every silo's certificate (a PKCS#12 file under <see cref="CertificatePassword"/>).</summary>
    public ClusterCertificates Certificates { get; }

    /// <summary>The password of every silo's certificate file.</summary>
    public string CertificatePassword { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>The folder holding the storage root and the logs.</summary>
    public string Root { get; }

    /// <summary>The storage root every silo shares.</summary>
    public string DataDir => Path.Combine(Root, "data");

    public string LogDirectory => Path.Combine(Root, "logs");

    public int Partitions { get; }

    /// <summary>Keep the storage root and the logs after dispose (to look at a failure).</summary>
    public bool KeepFiles { get; set; }

    /// <summary>Every silo started, alive or not, in start order.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The silos whose process still runs.</summary>
    public IReadOnlyList<SiloProcess> Alive => _silos.Where(s => !s.HasExited).ToList();

    /// <summary>The live silo that owns the control store (by the silos' logs), or null when none says so.</summary>
    public SiloProcess? ControlOwner() => Alive.FirstOrDefault(s => s.OwnsControl);

    /// <summary>Starts Redis and <paramref name="silos"/> silos (the first alone, the others together), each until it serves.</summary>
    /// <param name="settings">More command-line settings for every silo.</param>
    public static async Task<SiloCluster> StartAsync(int silos, int partitions = 12, IReadOnlyList<string>? settings = null, string? root = null)
    {
        root ??= Path.Combine(Path.GetTempPath(), "tracing-cluster", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var redis = await RedisServer.StartAsync();
        var cluster = new SiloCluster(redis, root, partitions, settings ?? []);
        try
        {
            // The first creates the storage root's layout alone; the others then join together.
            await cluster.StartSiloAsync();
            await Task.WhenAll(Enumerable.Range(1, silos - 1).Select(_ => cluster.StartSiloAsync()));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>Starts one more silo on the shared storage root and waits until it serves.</summary>
    public async Task<SiloProcess> StartSiloAsync()
    {
        var number = Interlocked.Increment(ref _started);
        var name = $"silo-{number}";
        var silo = await SiloProcess.StartAsync(new SiloOptions
        {
            Name = name,
            DataDir = DataDir,
            Partitions = Partitions,
            Cluster = Membership,
            Settings = [.. Certificates.IssueSettings(name, CertificatePassword), .. _settings],
            LogDirectory = LogDirectory,
        });
        lock (_silos)
            _silos.Add(silo);
        return silo;
    }

    /// <summary>Bytes under each partition's folder now (its checkpoints and logs: what a recovery reads).</summary>
    public long[] PartitionBytes() => Enumerable.Range(0, Partitions).Select(p => FolderBytes(PartitionFolder(p))).ToArray();

    /// <summary>Partition <paramref name="number"/>'s folder: under the storage root, which a silo keeps in the data folder or in its <c>store</c> subfolder.</summary>
    public string PartitionFolder(int number)
    {
        var root = Directory.Exists(Path.Combine(DataDir, "store", "partitions")) ? Path.Combine(DataDir, "store") : DataDir;
        return Path.Combine(root, "partitions", number.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A test failed: keeps the files to look at, and says where, with the last lines of every log.</summary>
    public void KeepForInspection(Action<string> say)
    {
        KeepFiles = true;
        say($"logs and data kept under {Root}");
        say(Logs());
    }

    /// <summary>Waits until <paramref name="condition"/> holds; throws, naming <paramref name="what"/>, after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"not reached in {timeout.TotalSeconds:0} s: {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>The last lines of every silo's output and of Redis, for a failure message.</summary>
    public string Logs() => string.Join(Environment.NewLine, _silos.Select(s => s.LastOutput()).Append($"--- redis{Environment.NewLine}{Redis.Output()}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
            await silo.DisposeAsync();
        await Redis.DisposeAsync();
        Certificates.Dispose();
        if (!KeepFiles)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Bytes of every file under <paramref name="folder"/> (0 when it does not exist).</summary>
    public static long FolderBytes(string folder)
    {
        if (!Directory.Exists(folder))
            return 0;
        long total = 0;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            try
            {
                total += new FileInfo(file).Length;
            }
            catch (FileNotFoundException)
            {
            }
        }
        return total;
    }
}
