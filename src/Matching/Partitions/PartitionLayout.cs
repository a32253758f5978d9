using System.Text.Json;

namespace Tracing.Matching.Partitions;

/// <summary>
/// How the data plane is split: a fixed number of partitions, chosen when the storage root is created and kept in
/// <c>partitions/layout.json</c>. Scans go to the partition of their venue (a venue's day is read whole when a case
/// was there, and a retried scan finds its receipt there); sightings go to the partition of their observer (a batch
/// is one write to one partition, and an observer's sightings are scored together).
/// </summary>
public sealed record PartitionLayout(int Count)
{
    /// <summary>
    /// The root's identity, random at creation (empty for a root made before it existed): silos of one cluster must all
    /// have opened the same root, not each a folder of their own.
    /// </summary>
    public string Root { get; init; } = "";

    /// <summary>The most partitions a storage root may have.</summary>
    public const int MaxCount = 4096;

    private const string FileName = "layout.json";

    /// <summary>The partition that holds a venue's scans.</summary>
    public int OfVenue(uint venue) => Spread(venue);

    /// <summary>The partition that holds the sightings an observer heard.</summary>
    public int OfObserver(uint observer) => Spread(observer);

    /// <summary>The settings of one partition: its share of the sightings and scans expected a day.</summary>
    public EngineOptions Share(EngineOptions options) => Count == 1 ? options : options with
    {
        Observations = options.Observations with { ExpectedPerDay = Math.Max(1, options.Observations.ExpectedPerDay / Count) },
        Scans = options.Scans with { ExpectedPerDay = Math.Max(1, options.Scans.ExpectedPerDay / Count) },
    };

    /// <summary>The folder of partition <paramref name="number"/> under a storage root.</summary>
    public static string Folder(string storageRoot, int number) => Path.Combine(storageRoot, "partitions", number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    // Person and venue numbers are handed out in order; a multiplicative hash spreads neighbours over the partitions.
    private int Spread(uint number) => Count == 1 ? 0 : (int)((number * 2654435761u >> 7) % (uint)Count);

    /// <summary>Whether a layout was ever written under <paramref name="storageRoot"/> (false for an empty folder).</summary>
    public static bool ExistsIn(string storageRoot) => File.Exists(Path.Combine(storageRoot, "partitions", FileName));

    /// <summary>
    /// The layout of a storage root: the one it was created with, or, for a new root, <paramref name="requested"/>
    /// partitions (1 when null). A root written before partitions existed (its day stores directly under it) becomes
    /// partition 0 of 1. Throws when <paramref name="requested"/> differs from the root's count. A new root gets
    /// <paramref name="rootId"/> as its id (one a cluster agreed on), or a random one.
    /// </summary>
    public static PartitionLayout OpenOrCreate(string storageRoot, int? requested, string? rootId = null)
    {
        var folder = Path.Combine(storageRoot, "partitions");
        var file = Path.Combine(folder, FileName);
        if (File.Exists(file))
        {
            var existing = JsonSerializer.Deserialize<PartitionLayout>(File.ReadAllText(file)) ?? throw new InvalidDataException($"{file} is empty.");
            if (requested is { } count && count != existing.Count)
                throw new InvalidOperationException($"The storage root {storageRoot} was created with {existing.Count} partitions; Tracing:Partitions says {count}. The count is fixed at creation: leave the setting out or set it to {existing.Count}.");
            return existing;
        }
        var layout = new PartitionLayout(requested ?? 1) { Root = rootId ?? Guid.NewGuid().ToString("N") };
        if (layout.Count is < 1 or > MaxCount)
            throw new InvalidOperationException($"Tracing:Partitions must be between 1 and {MaxCount}; it is {layout.Count}.");
        Directory.CreateDirectory(folder);
        MoveUnpartitionedStores(storageRoot, layout);
        Internal.AtomicFile.WriteText(file, JsonSerializer.Serialize(layout));
        return layout;
    }

    private static void MoveUnpartitionedStores(string storageRoot, PartitionLayout layout)
    {
        string[] kinds = ["scans", "observations"];
        if (!kinds.Any(kind => Directory.Exists(Path.Combine(storageRoot, kind))))
            return;
        if (layout.Count != 1)
            throw new InvalidOperationException($"The storage root {storageRoot} holds scans and observations from before partitions; open it with one partition (leave Tracing:Partitions out).");
        var first = Folder(storageRoot, 0);
        Directory.CreateDirectory(first);
        foreach (var kind in kinds.Where(kind => Directory.Exists(Path.Combine(storageRoot, kind))))
            Directory.Move(Path.Combine(storageRoot, kind), Path.Combine(first, kind));
    }
}
