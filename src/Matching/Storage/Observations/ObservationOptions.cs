namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// Sizing of the observation store. Each UTC day is its own FASTER store whose keys are hash buckets of the
/// identifier; buckets are created with room for the expected number of sightings, so appends stay in place.
/// </summary>
public sealed record ObservationOptions
{
    /// <summary>Sightings expected per day: decides the number of buckets and their initial room.</summary>
    public long ExpectedPerDay { get; init; } = 1_000_000;

    /// <summary>
    /// Sightings one bucket should hold on average. The more, the more of an applied run's sightings share one append
    /// (applying a run costs about half as much at 512 as at 64), and the more a lookup that gets past the day's filter
    /// scans (12 KB at 512, still one sequential read).
    /// </summary>
    public int SightingsPerBucket { get; init; } = 512;

    /// <summary>Initial room of a bucket relative to the average (Poisson spread), before it grows.</summary>
    public double Headroom { get; init; } = 1.2;

    /// <summary>Memory cap of one day's log, as a power of two of bytes (pages are allocated as used).</summary>
    public int DayMemorySizeBits { get; init; } = 30;

    /// <summary>Log page size, as a power of two of bytes.</summary>
    public int PageSizeBits { get; init; } = 22;

    /// <summary>Memory of the write-ahead log's tail, as a power of two of bytes.</summary>
    public int WalMemorySizeBits { get; init; } = 26;

    /// <summary>The shortest time between two write-ahead-log commits.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>How often the day stores are checkpointed (and the write-ahead log truncated).</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Write-ahead log, in bytes, applied since the last checkpoint after which the next checkpoint starts at once
    /// rather than at the end of <see cref="CheckpointInterval"/>. After a crash a restart replays the log since the last
    /// checkpoint (about a million sightings a second), so this bounds the replay under a sustained load. Each
    /// checkpoint writes every day store written since the last one whole, so a bulk load leaves it off (0, the
    /// default: by period only; the server's <c>Tracing:Observations:CheckpointAfterMegabytes</c>).
    /// </summary>
    public long CheckpointLogBytes { get; init; }

    /// <summary>
    /// The most write-ahead log, in bytes, that may be acknowledged but not yet applied to the day stores: beyond it an
    /// upload waits for the applier (at most <see cref="BacklogWait"/>), then is refused. It bounds what a restart
    /// replays and what a lookup reads from the log's tail (32 bytes a sighting: 16 MB is about 500 k sightings, under
    /// half a second of replay). At 64 MB a case reported during heavy uploads read four times as much tail: p95 54 ms
    /// against 39 ms at 16 MB over three runs each (bench -- e2e), at the same ingest rate.
    /// </summary>
    public long MaxUnappliedBytes { get; init; } = 16L << 20;

    /// <summary>How long an upload waits for the backlog to fall below <see cref="MaxUnappliedBytes"/> before it is refused.</summary>
    public TimeSpan BacklogWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When a refused upload should be sent again (the hint given with the refusal).</summary>
    public TimeSpan BacklogRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Bits of the bucket number: enough buckets for the expected sightings at the target fill.</summary>
    public int BucketBits => Math.Clamp((int)Math.Ceiling(Math.Log2(Math.Max(1, ExpectedPerDay / (double)SightingsPerBucket))), 4, 30);

    /// <summary>Room of a new bucket, in sightings.</summary>
    public int InitialBucketCapacity => Math.Max(4, (int)Math.Ceiling(ExpectedPerDay / (double)(1L << BucketBits) * Headroom));

    /// <summary>Small settings for tests.</summary>
    public static ObservationOptions Small { get; } = new()
    {
        ExpectedPerDay = 4_096,
        DayMemorySizeBits = 24,
        PageSizeBits = 20,
        WalMemorySizeBits = 22,
    };
}
