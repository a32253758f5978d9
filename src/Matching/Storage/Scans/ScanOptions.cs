namespace Tracing.Matching.Storage.Scans;

/// <summary>
/// Sizing of the scan store: a write-ahead log for durability and one FASTER store per UTC day holding the
/// day's venue buckets, itineraries and receipts.
/// </summary>
public sealed record ScanOptions
{
    /// <summary>Scans expected per day: decides the size of each day store's hash index.</summary>
    public long ExpectedPerDay { get; init; } = 1_000_000;

    /// <summary>Memory cap of one day's log, as a power of two of bytes (pages are allocated as used).</summary>
    public int DayMemorySizeBits { get; init; } = 30;

    /// <summary>Log page size, as a power of two of bytes; a venue's bucket for a day must fit in one page.</summary>
    public int PageSizeBits { get; init; } = 22;

    /// <summary>Memory of the write-ahead log's tail, as a power of two of bytes.</summary>
    public int WalMemorySizeBits { get; init; } = 24;

    /// <summary>The shortest time between two write-ahead-log commits.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>How often the day stores are checkpointed (and the write-ahead log truncated).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a day's checkpoint also saves its hash index (16 MB at a million scans a day); the checkpoints
    /// between save only what the log gained. A restart rebuilds the index from the last one saved and the day's log
    /// written since, so this bounds that part of a restart: a minute of scans at most.
    /// </summary>
    public TimeSpan IndexCheckpointInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most scans one person's itinerary holds for a day: a new scan beyond it is refused (a repeat is still
    /// answered). 50,000 is more than a scan every two seconds all day (the daily scan cap that flags a person for
    /// review is far lower), and its itinerary (40 bytes a scan, growing by doubling) still fits one 4 MB log page: a
    /// phone or door scanner flooding one person gets refusals, not a day store that can no longer append to that
    /// person's itinerary.
    /// </summary>
    public int MaxScansPerPersonPerDay { get; init; } = 50_000;

    /// <summary>
    /// A settled day is compacted once a pass of the periodic checkpoint finds it quiet (not written since the pass
    /// before); one written at every pass is compacted all the same at this many passes (20: ten minutes).
    /// </summary>
    public int BusyPassesBeforeCompaction { get; init; } = 20;

    /// <summary>
    /// Hash index of a day store: one 64-byte bucket (seven keys) per eight scans, which share venue buckets and
    /// itineraries (a person's day usually holds an in-scan and an out-scan).
    /// </summary>
    public int IndexSizeBits => IndexBitsFor(ExpectedPerDay / 8.0);

    /// <summary>The hash index of a day written with a receipt record per scan (see <see cref="ScanDay.HoldsReceiptRecords"/>).</summary>
    private int LegacyIndexSizeBits => IndexBitsFor(ExpectedPerDay / 4.0);

    private static int IndexBitsFor(double buckets) => Math.Clamp((int)Math.Ceiling(Math.Log2(Math.Max(1, buckets))), 10, 26);

    /// <summary>Small settings for tests.</summary>
    public static ScanOptions Small { get; } = new()
    {
        ExpectedPerDay = 4_096,
        DayMemorySizeBits = 24,
        PageSizeBits = 20,
        WalMemorySizeBits = 20,
    };

    internal StoreOptions DayStore(string directory, bool receiptRecords = false) => new()
    {
        Directory = directory,
        IndexSizeBits = receiptRecords ? LegacyIndexSizeBits : IndexSizeBits,
        MemorySizeBits = DayMemorySizeBits,
        PageSizeBits = PageSizeBits,
        MadeDurableByOwner = true,
        // A person's day usually holds an in-scan and an out-scan.
        MinimumAppendCapacity = 2 * ItineraryEntry.Size,
        FullCheckpointInterval = IndexCheckpointInterval,
    };
}
