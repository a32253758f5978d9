using System.Diagnostics;
using Tracing.Matching.Internal;
using Tracing.Matching.Model;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Partitions;

/// <summary>
/// A partition in this process: its scan store (<c>scans/</c>), observation store (<c>observations/</c>) and the
/// store of the batch ids its applier has seen (<c>batches/</c>), under <see cref="PartitionLayout.Folder"/>.
/// Writes mark the current <see cref="WriteTracking"/> with the partition's number; <see cref="WhenDurableAsync"/> waits
/// for their commits.
/// </summary>
public sealed class Partition : IPartition, IAsyncDisposable
{
    private readonly FasterStore _batches;
    private readonly TracingRules _rules;
    private readonly PartitionWrite _scansWritten;
    private readonly PartitionWrite _observationsWritten;

    private Partition(int number, string folder, EngineOptions options)
    {
        Number = number;
        _scansWritten = new PartitionWrite(number, PartitionWrite.AnyEpoch, WrittenStores.Scans);
        _observationsWritten = new PartitionWrite(number, PartitionWrite.AnyEpoch, WrittenStores.Observations);
        _rules = options.Rules;
        var scans = BlockingWork.Run(() =>
        {
            var started = Stopwatch.GetTimestamp();
            return (Store: new ScanStore(Path.Combine(folder, "scans"), options.Scans, new("scans", number)), Time: Stopwatch.GetElapsedTime(started));
        });
        _batches = FasterStore.Open(options.Store with { Directory = Path.Combine(folder, "batches"), Label = new("batch_ids", number) });
        Observations = new ObservationStore(Path.Combine(folder, "observations"), options.Observations, _batches, new("observations", number));
        (Scans, var scanTime) = scans.GetAwaiter().GetResult();
        Recovery = (Observations.DaysOpenTime, Observations.ReplayBytes, scanTime);
        Telemetry.StoreMetrics.Recovered(new("observations", number), Observations.DaysOpenTime);
        Telemetry.StoreMetrics.Recovered(new("scans", number), scanTime);
    }

    /// <summary>
    /// Opens partition <paramref name="number"/> of a storage root (whose layout must exist), recovering everything
    /// committed before. Its day stores are sized for its share of the expected sightings and scans a day.
    /// </summary>
    public static Partition Open(string storageRoot, int number, EngineOptions options)
    {
        var layout = PartitionLayout.OpenOrCreate(storageRoot, null);
        if (number < 0 || number >= layout.Count)
            throw new ArgumentOutOfRangeException(nameof(number), $"The storage root {storageRoot} has {layout.Count} partitions; there is no partition {number}.");
        return new(number, PartitionLayout.Folder(storageRoot, number), layout.Share(options));
    }

    /// <inheritdoc/>
    public int Number { get; }

    internal ObservationStore Observations { get; }

    internal ScanStore Scans { get; }

    /// <summary>Completes once the observation log found on opening is applied again, with how long that took.</summary>
    public Task<TimeSpan> ObservationReplay => Observations.Replayed;

    /// <summary>How long opening the observation day stores took, how much log they replay meanwhile, and how long the scan store took.</summary>
    internal (TimeSpan ObservationDays, long ObservationLogToReplay, TimeSpan Scans) Recovery { get; }

    /// <summary>Why the last periodic checkpoint of a day store or of the batch ids failed; null while they succeed.</summary>
    public Exception? CheckpointFailure => Observations.LastCheckpointFailure ?? Scans.LastCheckpointFailure ?? _batches.CheckpointFailure;

    /// <inheritdoc/>
    public ValueTask<ScanReceipt?> RecordScanAsync(string receipt, ScanEvent scan, int dailyCap)
    {
        // The cap counts the person's scans this partition holds (those at its venues): a hint for review.
        // A repeated delivery waits for the log's commit too: the first delivery's may still be under way.
        WriteTracking.MarkPartition(_scansWritten);
        return ValueTask.FromResult(Scans.RecordOnce(receipt, scan, dailyCap));
    }

    /// <inheritdoc/>
    public ValueTask<ScanEvent[]> VenueDayAsync(uint venue, long day)
    {
        var scans = new List<ScanEvent>();
        Scans.ReadVenue(venue, day, scans);
        return ValueTask.FromResult(scans.ToArray());
    }

    /// <inheritdoc/>
    public ValueTask<ScanEvent[]> ScansAtAsync(uint venue, long from, long to)
        => ValueTask.FromResult(ScanReadBuffer.Gather((Partition: this, venue, from, to), static (read, into) => read.Partition.ReadVenue(read.venue, read.from, read.to, into)));

    /// <inheritdoc/>
    public ValueTask<ScanEvent[]> ItinerariesAsync(uint[] people, long from, long to)
        => ValueTask.FromResult(ScanReadBuffer.Gather((Partition: this, people, from, to), static (read, into) => read.Partition.ReadItineraries(read.people, read.from, read.to, into)));

    /// <inheritdoc/>
    public bool InProcess => true;

    /// <inheritdoc/>
    public ValueTask ScansAtAsync(uint venue, long from, long to, List<ScanEvent> into)
    {
        ReadVenue(venue, from, to, into);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask ItinerariesAsync(uint[] people, long from, long to, List<ScanEvent> into)
    {
        ReadItineraries(people, from, to, into);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<long[]> ScanDaysAsync() => ValueTask.FromResult(Scans.StoredDays());

    /// <inheritdoc/>
    public async ValueTask<bool> WaitForRoomAsync(CancellationToken cancellationToken = default)
        => await Observations.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public ValueTask<bool> AppendSightingsAsync(byte[] batchKey, ReadOnlyMemory<LoggedSighting> sightings)
    {
        if (batchKey.Length > 0 && _batches.Read(batchKey) is not null)
            return ValueTask.FromResult(false);
        if (sightings.Length > 0 || batchKey.Length > 0)
        {
            Observations.Append(batchKey, sightings.Span);
            WriteTracking.MarkPartition(_observationsWritten);
        }
        return ValueTask.FromResult(true);
    }

    /// <inheritdoc/>
    public ValueTask<ProximityContact[]> ProximityAsync(DiagnosisKey[] keys, long from, long until, uint source)
        => ValueTask.FromResult(ProximityLookup.Run(Observations, _rules, keys, from, until, source));

    /// <inheritdoc/>
    public ValueTask<Observation[]> SightingsOfAsync(byte[] rpi)
    {
        Observations.CatchUp();
        var days = Observations.StoredDays();
        if (days.Length == 0)
            return ValueTask.FromResult<Observation[]>([]);
        var sink = default(SightingSink);
        try
        {
            using var reader = Observations.OpenReader();
            reader.Collect(rpi, days[0] * Days.Seconds, (days[^1] + 1) * Days.Seconds - 1, ref sink);
            return ValueTask.FromResult(sink.Observations.ToArray());
        }
        finally
        {
            sink.Dispose();
        }
    }

    /// <inheritdoc/>
    /// <remarks>In this process the partition never changes activation: every epoch is this one.</remarks>
    public ValueTask WhenDurableAsync(PartitionWrite written, CancellationToken cancellationToken = default) => written.Stores switch
    {
        WrittenStores.Scans => new ValueTask(Scans.WaitForCommitAsync(cancellationToken)),
        WrittenStores.Observations => new ValueTask(Observations.WaitForCommitAsync(cancellationToken)),
        _ when (written.Stores & (WrittenStores.Scans | WrittenStores.Observations)) == 0 => ValueTask.CompletedTask,
        _ => new ValueTask(Task.WhenAll(Observations.WaitForCommitAsync(cancellationToken), Scans.WaitForCommitAsync(cancellationToken))),
    };

    /// <inheritdoc/>
    public ValueTask CatchUpAsync()
    {
        Observations.CatchUp();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public async ValueTask CheckpointAsync()
    {
        await BlockingWork.Run(Observations.CatchUp).ConfigureAwait(false);
        await Task.WhenAll(Observations.CheckpointAsync(), Scans.CheckpointAsync()).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<long> DropDaysBeforeAsync(long firstKeptDay)
    {
        await Observations.DropDaysBeforeAsync(firstKeptDay).ConfigureAwait(false);
        await Scans.DropDaysBeforeAsync(firstKeptDay).ConfigureAwait(false);
        var deleted = Expiries.DeleteDaysBefore(_batches, firstKeptDay, static (_, _) => false);
        await _batches.WaitForCommitAsync().ConfigureAwait(false);
        if (deleted > 0)
            await _batches.RemoveDeadBytesAsync().ConfigureAwait(false);
        return deleted;
    }

    /// <inheritdoc/>
    public ValueTask<PartitionStatus> StatusAsync()
        => ValueTask.FromResult(new PartitionStatus(Number, Observations.LogBytes, Observations.UnappliedBytes, CheckpointFailure?.Message ?? ""));

    /// <summary>Commits, checkpoints and closes the partition's stores.</summary>
    public async ValueTask DisposeAsync()
    {
        await Scans.DisposeAsync().ConfigureAwait(false);
        await Observations.DisposeAsync().ConfigureAwait(false);
        await _batches.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Appends a venue's scans between two times (inclusive) to <paramref name="into"/>.</summary>
    private void ReadVenue(uint venue, long from, long to, List<ScanEvent> into)
    {
        var first = into.Count;
        for (var day = Days.Of(from); day <= Days.Of(to); day++)
            Scans.ReadVenue(venue, day, into);
        ScanReadBuffer.KeepWithin(into, first, from, to);
    }

    /// <summary>Appends the scans of <paramref name="people"/> between two times (inclusive) to <paramref name="into"/>.</summary>
    private void ReadItineraries(uint[] people, long from, long to, List<ScanEvent> into)
    {
        var first = into.Count;
        foreach (var person in people)
        {
            for (var day = Days.Of(from); day <= Days.Of(to); day++)
                Scans.ReadItinerary(person, day, into);
        }
        ScanReadBuffer.KeepWithin(into, first, from, to);
    }
}
