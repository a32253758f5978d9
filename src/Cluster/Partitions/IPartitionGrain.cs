namespace Tracing.Cluster.Partitions;

/// <summary>
/// One partition of the data plane as an Orleans grain (key: the partition's number): the same operations as
/// <see cref="Matching.Partitions.IPartition"/>, with records packed into bytes (<see cref="Packing"/>). A write returns
/// once logged, naming the activation that logged it (its epoch); the caller waits once for everything it wrote here
/// (<see cref="WhenDurableAsync"/>), so concurrent writers share the partition's commits.
/// </summary>
public interface IPartitionGrain : IGrainWithIntegerKey
{
    /// <summary>Activates the partition (opening its stores) if it is not active yet.</summary>
    Task PingAsync();

    /// <summary>
    /// Moves the partition to the silo it belongs on (<see cref="PartitionPlacement"/>) once idle, when that is not this
    /// one (a silo joined): true when it is moving.
    /// </summary>
    Task<bool> BalanceAsync();

    /// <summary>Records a packed scan once per receipt, logged but not yet durable: the packed receipt of the scan first recorded under it (or empty when new), and this activation's epoch.</summary>
    Task<ScanLogged> RecordScanAsync(string receipt, byte[] scan, int dailyCap);

    /// <summary>A venue's packed scans of one UTC day.</summary>
    Task<byte[]> VenueDayAsync(uint venue, long day);

    /// <summary>A venue's packed scans between two times.</summary>
    Task<byte[]> ScansAtAsync(uint venue, long from, long to);

    /// <summary>The packed scans of people between two times.</summary>
    Task<byte[]> ItinerariesAsync(uint[] people, long from, long to);

    /// <summary>The UTC days with scans here.</summary>
    Task<long[]> ScanDaysAsync();

    /// <summary>Waits for room in the observation applier's backlog, at most the configured time.</summary>
    Task<bool> WaitForRoomAsync();

    /// <summary>Logs a batch of packed sightings, not yet durable: false when its batch key was seen before, and this activation's epoch.</summary>
    Task<SightingsLogged> AppendSightingsAsync(byte[] batchKey, byte[] sightings);

    /// <summary>
    /// Completes once every write to <paramref name="stores"/> logged here before the call is durable. Refused with
    /// <see cref="PartitionRefusal"/> (<see cref="Matching.TracingError.Unavailable"/>) when <paramref name="epoch"/>,
    /// the activation that logged them, is neither this one nor one that closed cleanly: it died, perhaps with them.
    /// </summary>
    Task WhenDurableAsync(Matching.WrittenStores stores, long epoch);

    /// <summary>The packed contacts of the holder of the packed keys.</summary>
    Task<byte[]> ProximityAsync(byte[] keys, long from, long until, uint source);

    /// <summary>Every packed sighting of one identifier.</summary>
    Task<byte[]> SightingsOfAsync(byte[] rpi);

    /// <summary>Waits until every acknowledged sighting is applied.</summary>
    Task CatchUpAsync();

    /// <summary>Checkpoints the day stores.</summary>
    Task CheckpointAsync();

    /// <summary>Deletes the days before a day; how many batch ids went with them.</summary>
    Task<long> DropDaysBeforeAsync(long firstKeptDay);

    /// <summary>Sizes and health.</summary>
    Task<PartitionStatusMessage> StatusAsync();

    /// <summary>
    /// Holds the store upkeep of this partition's silo for backup <paramref name="backup"/>, until released, the
    /// activation closes, or the longest backup has passed (<see cref="UpkeepHolds"/>): this activation's epoch.
    /// </summary>
    Task<long> HoldUpkeepAsync(Guid backup);

    /// <summary>Ends backup <paramref name="backup"/>'s hold, if this activation has it: this activation's epoch.</summary>
    Task<long> ReleaseUpkeepAsync(Guid backup);
}

/// <summary><see cref="Matching.Partitions.PartitionStatus"/> on the wire.</summary>
[GenerateSerializer]
[Alias("tracing.PartitionStatus")]
public sealed record PartitionStatusMessage(
    [property: Id(0)] int Number,
    [property: Id(1)] long ObservationLogBytes,
    [property: Id(2)] long UnappliedBytes,
    [property: Id(3)] string CheckpointFailure);

/// <summary>A partition's refusal (<see cref="Matching.TracingException"/>) carried back to the caller whole.</summary>
[GenerateSerializer]
[Alias("tracing.PartitionRefusal")]
public sealed class PartitionRefusal : Exception
{
    /// <summary>A refusal of <paramref name="error"/> with its English and Vietnamese sentences.</summary>
    public PartitionRefusal(Matching.TracingError error, string message, string vietnamese)
        : base(message)
    {
        Error = error;
        Vietnamese = vietnamese;
    }

    /// <summary>The kind of refusal.</summary>
    [Id(0)]
    public Matching.TracingError Error { get; }

    /// <summary>The refusal in Vietnamese.</summary>
    [Id(1)]
    public string Vietnamese { get; }
}
