using System.Diagnostics;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Partitions;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Tracing;

namespace Tracing.Matching;

/// <summary>
/// The engine: one FASTER store and the registries, ledgers and tracer over it. Every write is acknowledged
/// only once durable: a call tracks the stores it writes (<see cref="TrackWrites"/>) and waits for exactly their group
/// commits (<see cref="WhenDurableAsync"/>) before it answers.
/// </summary>
public sealed class TracingEngine : IAsyncDisposable
{
    private readonly FasterStore _store;
    private readonly IPartitions _partitions;
    private readonly string _storeRoot;
    private readonly SemaphoreSlim _backups = new(1, 1);
    private int _disposed;

    private TracingEngine(EngineOptions options, TimeProvider time, IPartitions? partitions)
    {
        var opening = Stopwatch.StartNew();
        _store = FasterStore.Open(options.Store);
        _storeRoot = options.Store.Directory;
        var generalStore = opening.Elapsed;
        Telemetry.StoreMetrics.Recovered(options.Store.Label, generalStore);
        // The partitions' day stores recover side by side: a restart is mostly waiting for their checkpoints to be read.
        _partitions = partitions ?? LocalPartitions.Open(options.Store.Directory, options);
        Recovery = _partitions is LocalPartitions local
            ? new StoreRecovery(opening.Elapsed, generalStore, local.All.Max(p => p.Recovery.ObservationDays), local.All.Sum(p => p.Recovery.ObservationLogToReplay), local.All.Max(p => p.Recovery.Scans))
            : new StoreRecovery(opening.Elapsed, generalStore, TimeSpan.Zero, 0, TimeSpan.Zero);
        Rules = options.Rules;
        People = new People(_store, time, Rules);
        SignIns = new SignIns(_store);
        Venues = new Venues(_store, time);
        Venues.DropManagersWithoutConsent(People.UserIds());
        Declarations = new Declarations(_store, time, People, Rules);
        CheckIns = new CheckIns(_partitions, time, Declarations, Rules);
        Contacts = new Contacts(_partitions, time, Rules, options.Observations);
        Notifications = new Notifications(_store, time);
        Safety = new Safety.SafetyMap(_store, Venues, time);
        Coverage = new Reports.CoverageReport(_store, Venues, CheckIns);
        PhoneVerification = new PhoneVerification(_store, time);
        VenueAccessRequests = new VenueAccessRequests(_store, time);
        Cases = new Cases(_store, time, People, Venues, Notifications, new ContactTracer(CheckIns, Contacts, Rules), Rules);
    }

    /// <summary>
    /// Opens the engine on its store, recovering everything committed before. The data plane is
    /// <paramref name="partitions"/> (the cluster's), or, when null, every partition of the storage root opened in this
    /// process; the engine closes them when disposed.
    /// </summary>
    public static TracingEngine Open(EngineOptions options, TimeProvider? time = null, IPartitions? partitions = null) => new(options, time ?? TimeProvider.System, partitions);

    /// <summary>The partitions of the data plane.</summary>
    public IPartitions Partitions => _partitions;

    /// <summary>How long opening (recovering) the stores took, step by step.</summary>
    public StoreRecovery Recovery { get; }

    /// <summary>
    /// Completes once the observation log found on opening (<see cref="StoreRecovery.ObservationLogToReplay"/>) is
    /// applied again to the day stores, with how long that took; the engine serves meanwhile.
    /// </summary>
    public Task<TimeSpan> ObservationReplay => _partitions is LocalPartitions local
        ? Task.WhenAll(local.All.Select(p => p.ObservationReplay)).ContinueWith(t => t.Result.Max(), TaskScheduler.Default)
        : Task.FromResult(TimeSpan.Zero);

    /// <summary>The rules in force.</summary>
    public TracingRules Rules { get; }

    /// <summary>People and devices.</summary>
    public People People { get; }

    /// <summary>Sign-in generations: signing out everywhere.</summary>
    public SignIns SignIns { get; }

    /// <summary>One-time passwords for phone sign-in.</summary>
    public PhoneVerification PhoneVerification { get; }

    /// <summary>Venues and their managers.</summary>
    public Venues Venues { get; }

    /// <summary>Requests for access to a venue, approved by its registrant with a code sent by SMS.</summary>
    public VenueAccessRequests VenueAccessRequests { get; }

    /// <summary>Health declarations.</summary>
    public Declarations Declarations { get; }

    /// <summary>QR scans and the visits derived from them.</summary>
    public CheckIns CheckIns { get; }

    /// <summary>Bluetooth observations.</summary>
    public Contacts Contacts { get; }

    /// <summary>Confirmed cases and their tracing.</summary>
    public Cases Cases { get; }

    /// <summary>The roll-out coverage report for district and province offices.</summary>
    public Reports.CoverageReport Coverage { get; }

    /// <summary>The public safety map: self-assessments and feedback.</summary>
    public Safety.SafetyMap Safety { get; }

    /// <summary>Exposure notification feeds.</summary>
    public Notifications Notifications { get; }

    /// <summary>
    /// Starts tracking which stores the current flow of execution writes (a gRPC call, one answer of a stream), until
    /// disposed; <see cref="WhenDurableAsync"/> then waits for exactly those.
    /// </summary>
    public WriteTracking TrackWrites() => WriteTracking.Begin();

    /// <summary>
    /// Completes once every write of <paramref name="written"/> made before the call is durable (at once for none): the
    /// general store's commit if it was written, and one wait for each partition written, for exactly its stores, at
    /// the activation that logged them. Refused with <see cref="TracingError.Unavailable"/> when a partition's activation
    /// changed since (its silo died before the write was durable): the client sends the writes again.
    /// </summary>
    public Task WhenDurableAsync(Written written, CancellationToken cancellationToken = default)
    {
        if (written.IsNone)
            return Task.CompletedTask;
        var durable = DurableAsync(written, cancellationToken);
        // A span of the wait for the stores' commits, when traces are listened to (none otherwise: this is every write's path).
        return Telemetry.EngineTelemetry.Source.HasListeners() ? Traced(durable) : durable;

        static async Task Traced(Task durable)
        {
            using var span = Telemetry.EngineTelemetry.Source.StartActivity("store.durable");
            await durable.ConfigureAwait(false);
        }
    }

    private Task DurableAsync(Written written, CancellationToken cancellationToken)
    {
        // Each store's commit is its own group commit: a write waits only for the stores it touched (a scan that writes
        // only its venue's scan log never waits for the general store's checkpoint, nor for another partition).
        var general = written.Everywhere.HasFlag(WrittenStores.General) ? _store.WaitForCommitAsync(cancellationToken) : null;
        var everywhere = written.Everywhere & (WrittenStores.Observations | WrittenStores.Scans);
        var partitions = written.Partitions;
        if (everywhere == WrittenStores.None && partitions.Length == 1 && general is null)
            return _partitions[partitions[0].Partition].WhenDurableAsync(partitions[0], cancellationToken).AsTask();
        var waits = new List<Task>(partitions.Length + 1);
        if (general is not null)
            waits.Add(general);
        foreach (var partition in partitions)
            waits.Add(_partitions[partition.Partition].WhenDurableAsync(partition, cancellationToken).AsTask());
        if (everywhere != WrittenStores.None)
        {
            for (var p = 0; p < _partitions.Layout.Count; p++)
                waits.Add(_partitions[p].WhenDurableAsync(new PartitionWrite(p, PartitionWrite.AnyEpoch, everywhere), cancellationToken).AsTask());
        }
        return waits.Count == 1 ? waits[0] : Task.WhenAll(waits);
    }

    /// <summary>
    /// Completes once the writes are durable: inside a tracked call (<see cref="TrackWrites"/>) those the call made so
    /// far, and only the stores it wrote; outside one, every write made before to any store.
    /// </summary>
    public Task CommitAsync(CancellationToken cancellationToken = default)
        => WhenDurableAsync(WriteTracking.Current?.TakeWritten() ?? Written.FromWrittenStores(WrittenStores.All), cancellationToken);

    /// <summary>Bytes of the observation day stores' logs and filters, for measurements.</summary>
    public long ObservationLogBytes => FanOut.Gather(_partitions, p => p.StatusAsync()).Sum(s => s.ObservationLogBytes);

    /// <summary>
    /// Why the last background checkpoint of the general store, or of a partition's stores in this process, failed;
    /// null while they succeed.
    /// </summary>
    public Exception? CheckpointFailure => _store.CheckpointFailure
        ?? (_partitions is LocalPartitions local ? local.All.Select(p => p.CheckpointFailure).FirstOrDefault(f => f is not null) : null);

    /// <summary>
    /// Checkpoints the observation and scan day stores with everything committed so far (the observation applier
    /// catches up first) and drops their write-ahead logs before that point.
    /// </summary>
    public async Task CheckpointDaysAsync()
    {
        using var upkeep = await StoreUpkeep.EnterAsync().ConfigureAwait(false);
        await FanOut.AllAsync(_partitions, p => p.CheckpointAsync()).ConfigureAwait(false);
    }

    /// <summary>
    /// Hands every file of the store (the general store and every partition) to <paramref name="copy"/> in an order
    /// whose copy opens as after a crash after the call began (<see cref="Backup.StoreBackup"/>), while the engine
    /// serves. This process's upkeep is held first — the owner's retention and checkpoints are what reach the partitions
    /// of a cluster too — then, in a cluster, that of every silo keeping a partition (<see cref="Backup.IRemoteUpkeep"/>).
    /// </summary>
    public async Task BackupStoreAsync(Func<string, Stream, Task> copy, CancellationToken cancellationToken)
    {
        // One at a time: overlapping backups, each allowed its half hour, would keep the upkeep held for as long as
        // someone kept starting them.
        if (!_backups.Wait(0, CancellationToken.None))
            throw new TracingException(TracingError.FailedPrecondition, "A backup is already under way: wait for it to end (or stop it), then take yours.", "Đang có một bản sao lưu khác chạy: bạn hãy chờ nó xong rồi sao lưu.");
        try
        {
            using var hold = await StoreUpkeep.HoldAsync(cancellationToken).ConfigureAwait(false);
            if (_partitions is Backup.IRemoteUpkeep remote)
                await remote.HoldWhileAsync(() => Backup.StoreBackup.CopyAsync(_storeRoot, copy), cancellationToken).ConfigureAwait(false);
            else
                await Backup.StoreBackup.CopyAsync(_storeRoot, copy).ConfigureAwait(false);
        }
        finally
        {
            _backups.Release();
        }
    }

    /// <summary>The UTC days (unix days) for which scans are stored, oldest first.</summary>
    public long[] ScanDays() => FanOut.Gather(_partitions, p => p.ScanDaysAsync()).SelectMany(days => days).Distinct().Order().ToArray();

    /// <summary>
    /// Deletes what is older than the retention period: the observations and scans of those days (their folders), and
    /// the records of people written then (declarations, contact-batch markers, feedback, cases, verification codes,
    /// one-time passwords, exposure notifications) — and, when any were deleted, removes their bytes (and those of
    /// older versions of rewritten records) from the general store's files (<see cref="FasterStore.RemoveDeadBytesAsync()"/>);
    /// returns how many such records.
    /// </summary>
    public async Task<long> ApplyRetentionAsync(DateTimeOffset now)
    {
        using var upkeep = await StoreUpkeep.EnterAsync().ConfigureAwait(false);
        var firstKeptDay = Internal.Days.Of((now - Rules.Retention).ToUnixTimeSeconds());
        var batchIds = await FanOut.AllAsync(_partitions, p => p.DropDaysBeforeAsync(firstKeptDay)).ConfigureAwait(false);
        var deleted = batchIds.Sum() + Expiries.DeleteDaysBefore(_store, firstKeptDay, People.ForgetIdentityDeclaredBefore) + Notifications.DeleteBefore(now - Rules.Retention);
        await _store.WaitForCommitAsync().ConfigureAwait(false);
        // A deletion only appends a tombstone: the deleted records' bytes leave the disk when the log is compacted.
        if (deleted > 0)
            await _store.RemoveDeadBytesAsync().ConfigureAwait(false);
        return deleted;
    }

    /// <summary>Commits, checkpoints and closes the stores (once: a cluster's owner closes the engine when it leaves, before its host does).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        // Closing takes a last checkpoint of every store: after a backup under way has copied them.
        using var upkeep = await StoreUpkeep.EnterAsync().ConfigureAwait(false);
        await _partitions.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }
}
