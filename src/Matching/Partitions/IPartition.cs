using Tracing.Matching.Model;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Partitions;

/// <summary>
/// One partition of the data plane: the scans of the venues it holds (with those people's itineraries at them, and the
/// scans' receipts) and the Bluetooth sightings heard by the observers it holds (with their batch ids), each in FASTER
/// stores of its own under <c>&lt;storage-root&gt;/partitions/&lt;p&gt;/</c>. Which partition holds what is
/// <see cref="PartitionLayout"/>'s rule.
/// </summary>
/// <remarks>
/// A write is acknowledged only once durable. A write returns once logged and marks the current
/// <see cref="WriteTracking"/> with the partition's number and the activation that logged it
/// (<see cref="PartitionWrite"/>); the call's acknowledgement then waits once for each partition it wrote
/// (<see cref="WhenDurableAsync"/>), so that one commit serves every write a call (or a batch of a stream's answers)
/// made there. Reads see every logged write.
/// </remarks>
public interface IPartition
{
    /// <summary>The partition's number, 0 … count − 1.</summary>
    int Number { get; }

    /// <summary>
    /// Records a scan of a venue this partition holds, once per receipt (scope + client event id): returns the receipt
    /// of the scan first recorded under it, or null when this one is new. The scan is flagged
    /// <see cref="ScanFlags.OverDailyCap"/> when its person already has <paramref name="dailyCap"/> scans that day here.
    /// </summary>
    ValueTask<ScanReceipt?> RecordScanAsync(string receipt, ScanEvent scan, int dailyCap);

    /// <summary>A venue's scans of one UTC day, in the order they were stored.</summary>
    ValueTask<ScanEvent[]> VenueDayAsync(uint venue, long day);

    /// <summary>A venue's scans between two times (unix seconds, inclusive), in no particular order.</summary>
    ValueTask<ScanEvent[]> ScansAtAsync(uint venue, long from, long to);

    /// <summary>The scans of <paramref name="people"/> between two times (unix seconds, inclusive) held here, in no particular order.</summary>
    ValueTask<ScanEvent[]> ItinerariesAsync(uint[] people, long from, long to);

    /// <summary>
    /// Whether the partition is open in this process, so that its reads complete at once: a caller may then have them
    /// append to one list it reuses (<see cref="ScansAtAsync(uint, long, long, List{ScanEvent})"/>) rather than gather
    /// arrays from partitions read side by side.
    /// </summary>
    bool InProcess => false;

    /// <summary>
    /// <see cref="ScansAtAsync(uint, long, long)"/> appended to <paramref name="into"/>, a list the caller reuses: a
    /// partition in this process reads into it without an array of its own.
    /// </summary>
    async ValueTask ScansAtAsync(uint venue, long from, long to, List<ScanEvent> into) => into.AddRange(await ScansAtAsync(venue, from, to).ConfigureAwait(false));

    /// <summary><see cref="ItinerariesAsync(uint[], long, long)"/> appended to <paramref name="into"/> (as <see cref="ScansAtAsync(uint, long, long, List{ScanEvent})"/>).</summary>
    async ValueTask ItinerariesAsync(uint[] people, long from, long to, List<ScanEvent> into) => into.AddRange(await ItinerariesAsync(people, from, to).ConfigureAwait(false));

    /// <summary>The UTC days (unix days) for which this partition holds scans.</summary>
    ValueTask<long[]> ScanDaysAsync();

    /// <summary>
    /// Returns at once while the sightings acknowledged but not yet applied stay below the limit; beyond it waits for
    /// the applier, at most the configured time; false when there is still no room.
    /// </summary>
    ValueTask<bool> WaitForRoomAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs one batch of sightings heard by an observer this partition holds; false (and nothing stored) when its batch
    /// key (device + batch id; empty for none) was seen before.
    /// </summary>
    ValueTask<bool> AppendSightingsAsync(byte[] batchKey, ReadOnlyMemory<LoggedSighting> sightings);

    /// <summary>
    /// The observers held here who stood near the holder of <paramref name="keys"/> during [from, until), scored
    /// (<see cref="ProximityScorer"/>): every acknowledged sighting counts.
    /// </summary>
    ValueTask<ProximityContact[]> ProximityAsync(DiagnosisKey[] keys, long from, long until, uint source);

    /// <summary>Every sighting of one identifier held here, on any day (diagnostics and tests).</summary>
    ValueTask<Observation[]> SightingsOfAsync(byte[] rpi);

    /// <summary>
    /// Completes once every write of <paramref name="written"/>'s stores logged here before the call is durable. Refused
    /// with <see cref="TracingError.Unavailable"/> when the activation that logged them (<see cref="PartitionWrite.Epoch"/>)
    /// is gone and might have taken them with it: the caller's client sends them again (receipts and batch ids make that
    /// safe).
    /// </summary>
    ValueTask WhenDurableAsync(PartitionWrite written, CancellationToken cancellationToken = default);

    /// <summary>Waits until every acknowledged sighting is applied to the day stores.</summary>
    ValueTask CatchUpAsync();

    /// <summary>Checkpoints the day stores with everything committed so far and drops the logs before that point.</summary>
    ValueTask CheckpointAsync();

    /// <summary>Deletes the days before <paramref name="firstKeptDay"/> and the batch ids filed under them; returns how many batch ids.</summary>
    ValueTask<long> DropDaysBeforeAsync(long firstKeptDay);

    /// <summary>Sizes and health, for measurements and the health check.</summary>
    ValueTask<PartitionStatus> StatusAsync();
}

/// <summary>
/// A partition's sizes and health: bytes of its observation day stores' logs and filters, sightings acknowledged but
/// not applied yet, and why its last periodic checkpoint failed (empty while they succeed).
/// </summary>
public readonly record struct PartitionStatus(int Number, long ObservationLogBytes, long UnappliedBytes, string CheckpointFailure);
