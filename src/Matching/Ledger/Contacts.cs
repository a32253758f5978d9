using System.Buffers;
using System.Buffers.Binary;
using Tracing.Matching.Crypto;
using Tracing.Matching.Internal;
using Tracing.Matching.Model;
using Tracing.Matching.Partitions;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Ledger;

/// <summary>One Bluetooth observation as a phone reports it.</summary>
public readonly record struct ReportedObservation(ReadOnlyMemory<byte> Rpi, ReadOnlyMemory<byte> Aem, DateTimeOffset SeenAt, uint DurationSeconds, int Rssi, int TxPower);

/// <summary>How a batch went: how many observations were stored, which were refused and why (a few examples).</summary>
public sealed record BatchOutcome(int Accepted, int Rejected, IReadOnlyList<string> Reasons, bool Duplicate);

/// <summary>
/// The contact ledger: each batch becomes one entry of the observation store's write-ahead log; sightings are
/// then stored packed in hash buckets of their identifier, one store per day, so that a case's identifiers
/// find their observers with one read each.
/// </summary>
public sealed class Contacts
{
    /// <summary>The most observations one batch may carry.</summary>
    public const int MaxBatchSize = 10_000;

    /// <summary>The longest one observation may last (one identifier interval, with slack).</summary>
    public const uint MaxDurationSeconds = 3_600;

    private const int MaxReasons = 5;
    private readonly IPartitions _partitions;
    private readonly TimeProvider _time;
    private readonly TracingRules _rules;
    private readonly ObservationOptions _options;

    internal Contacts(IPartitions partitions, TimeProvider time, TracingRules rules, ObservationOptions options)
    {
        _partitions = partitions;
        _time = time;
        _rules = rules;
        _options = options;
    }

    /// <summary>
    /// Logs the valid observations of a batch heard by <paramref name="observer"/> as one write-ahead-log entry.
    /// A batch id seen before from the same device is not stored again. The caller waits for the stores it
    /// wrote (<see cref="TracingEngine.WhenDurableAsync"/>: the observation log's group commit; the batch-id markers in the
    /// partition's batch store are written by the applier and rebuilt from the log after a crash) before acknowledging; matches see
    /// the batch from then on.
    /// </summary>
    public BatchOutcome Ingest(string deviceUserId, uint observer, string batchId, IReadOnlyList<ReportedObservation> observations)
        => FanOut.Wait(IngestAsync(deviceUserId, observer, batchId, observations));

    /// <summary>
    /// Logs the valid observations of a batch in the partition of <paramref name="observer"/> (see <see cref="Ingest"/>).
    /// </summary>
    public async ValueTask<BatchOutcome> IngestAsync(string deviceUserId, uint observer, string batchId, IReadOnlyList<ReportedObservation> observations)
    {
        if (observations.Count > MaxBatchSize)
            throw new TracingException(TracingError.InvalidArgument, $"A batch may carry at most {MaxBatchSize} observations; split it into smaller batches.", $"Mỗi lần gửi chỉ được tối đa {MaxBatchSize} lượt tiếp xúc. Ứng dụng cần chia thành nhiều lần gửi nhỏ hơn.");
        if (batchId.Length > 128)
            throw new TracingException(TracingError.InvalidArgument, "batch_id is longer than 128 characters.", "Mã lô dữ liệu tiếp xúc dài quá 128 ký tự.");
        var batchKey = batchId.Length > 0 ? StoreKeys.ForContactBatch(deviceUserId, batchId) : [];
        var now = _time.GetUtcNow();
        var reasons = new List<string>();
        var sightings = ArrayPool<LoggedSighting>.Shared.Rent(Math.Max(1, observations.Count));
        var accepted = 0;
        try
        {
            foreach (var reported in observations)
            {
                if (Reject(reported, now) is { } reason)
                {
                    if (reasons.Count < MaxReasons)
                        reasons.Add(reason);
                    continue;
                }
                var attenuation = Math.Clamp(reported.TxPower - reported.Rssi, 0, 255);
                var metadata = reported.Aem.Length == ExposureKeyCrypto.MetadataLength ? BinaryPrimitives.ReadUInt32LittleEndian(reported.Aem.Span) : 0;
                var observation = new Observation(
                    observer,
                    (uint)reported.SeenAt.ToUnixTimeSeconds(),
                    (ushort)reported.DurationSeconds,
                    (byte)attenuation,
                    reported.Aem.Length > 0 ? Observation.HasMetadata : (byte)0,
                    metadata);
                sightings[accepted++] = LoggedSighting.Of(reported.Rpi.Span, observation);
            }
            var partition = _partitions[_partitions.Layout.OfObserver(observer)];
            if (!await partition.AppendSightingsAsync(batchKey, sightings.AsMemory(0, accepted)).ConfigureAwait(false))
                return new BatchOutcome(0, 0, [], true);
        }
        finally
        {
            ArrayPool<LoggedSighting>.Shared.Return(sightings);
        }
        return new BatchOutcome(accepted, observations.Count - accepted, reasons, false);
    }

    /// <summary>
    /// Call before <see cref="Ingest"/>: returns at once while the observations acknowledged but not yet applied to
    /// the day stores stay below the store's limit; beyond it waits for the applier, at most the configured time,
    /// then refuses with <see cref="TracingError.ResourceExhausted"/> and a retry hint. So a flood of uploads
    /// cannot grow the backlog (and with it a restart's replay and every lookup's read of the log's tail) without bound.
    /// </summary>
    public async Task WaitForRoomAsync(uint observer, CancellationToken cancellationToken = default)
    {
        var partition = _partitions[_partitions.Layout.OfObserver(observer)];
        if (await partition.WaitForRoomAsync(cancellationToken).ConfigureAwait(false))
            return;
        var options = _options;
        var status = await partition.StatusAsync().ConfigureAwait(false);
        throw new TracingException(
            TracingError.ResourceExhausted,
            $"The server is behind: {status.UnappliedBytes / (1 << 20)} MB of contact uploads wait to be stored (the limit is {options.MaxUnappliedBytes / (1 << 20)} MB). "
            + $"This batch and the ones after it in this call were not acknowledged; send them again, with the same batch_id, in {options.BacklogRetryAfter.TotalSeconds:0.#} s.",
            $"Hệ thống đang bận lưu dữ liệu tiếp xúc nên chưa nhận lần gửi này và các lần gửi sau đó. Bạn vui lòng gửi lại sau {options.BacklogRetryAfter.TotalSeconds:0.#} giây.")
        {
            RetryAfter = options.BacklogRetryAfter,
        };
    }

    /// <summary>The partitions in this process (tests and measurements hold appliers off or read a partition's store).</summary>
    private IReadOnlyList<Partition> Local => ((LocalPartitions)_partitions).All;

    /// <summary>A reader of the only partition's day stores, for one match on one thread (tests and benchmarks).</summary>
    internal ObservationReader OpenReader() => Local.Single().Observations.OpenReader();

    /// <summary>Acknowledged sightings of <paramref name="wanted"/> identifiers not yet applied to the only partition's day stores.</summary>
    internal Dictionary<Guid, List<Observation>> UnappliedSightings(IReadOnlySet<Guid> wanted) => Local.Single().Observations.UnappliedSightings(wanted);

    /// <summary>Whether some acknowledged observations are not in the day stores yet.</summary>
    internal bool HasUnapplied => Local.Any(p => p.Observations.HasUnapplied);

    /// <summary>Holds the appliers off until disposed (tests: lookups while they lag).</summary>
    internal IDisposable PauseApplying() => new Paused(Local.Select(p => p.Observations.PauseApplying()).ToArray());

    /// <summary>Waits until every acknowledged observation is visible to lookups.</summary>
    public void CatchUp() => FanOut.AllAsync(_partitions, p => p.CatchUpAsync()).GetAwaiter().GetResult();

    /// <summary>Every stored observation of one identifier, on any day held (for diagnostics and tests; it waits for the applier).</summary>
    public Observation[] SightingsOf(ReadOnlySpan<byte> rpi)
    {
        var identifier = rpi.ToArray();
        return [.. FanOut.Gather(_partitions, p => p.SightingsOfAsync(identifier)).SelectMany(found => found)];
    }

    /// <summary>
    /// Observers who stood near the holder of <paramref name="keys"/> during [from, until), from every partition at
    /// once, ordered by observer and day.
    /// </summary>
    internal List<ProximityContact> ProximityContacts(DiagnosisKey[] keys, long from, long until, uint source)
    {
        var found = FanOut.Gather(_partitions, p => p.ProximityAsync(keys, from, until, source));
        if (found.Length == 1)
            return [.. found[0]];
        var all = found.SelectMany(f => f).ToList();
        all.Sort(static (a, b) => (a.Observer, a.Day).CompareTo((b.Observer, b.Day)));
        return all;
    }

    private sealed class Paused(IDisposable[] pauses) : IDisposable
    {
        public void Dispose()
        {
            foreach (var pause in pauses)
                pause.Dispose();
        }
    }

    private string? Reject(in ReportedObservation o, DateTimeOffset now)
    {
        if (o.Rpi.Length != ExposureKeyCrypto.IdentifierLength)
            return $"rpi must be {ExposureKeyCrypto.IdentifierLength} bytes, got {o.Rpi.Length}";
        if (o.Aem.Length is not 0 and not ExposureKeyCrypto.MetadataLength)
            return $"aem must be empty or {ExposureKeyCrypto.MetadataLength} bytes, got {o.Aem.Length}";
        if (o.SeenAt == DateTimeOffset.MinValue)
            return "seen_at is required";
        if (o.SeenAt > now + CheckIns.ClockSkew)
            return $"seen_at {o.SeenAt:u} is in the future";
        if (o.SeenAt < now - _rules.Retention)
            return $"seen_at {o.SeenAt:u} is older than the retention period";
        if (o.DurationSeconds > MaxDurationSeconds)
            return $"duration_seconds {o.DurationSeconds} exceeds {MaxDurationSeconds}";
        if (o.Rssi is < -127 or > 20 || o.TxPower is < -127 or > 20)
            return $"rssi {o.Rssi} or tx_power {o.TxPower} is outside [-127, 20] dBm";
        return null;
    }
}
