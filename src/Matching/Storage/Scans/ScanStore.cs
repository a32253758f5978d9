using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FASTER.core;
using Tracing.Matching.Internal;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Scans;

/// <summary>
/// The scan store. Each UTC day is a FASTER store of its own (<see cref="ScanDay"/>): the venues' buckets for the day,
/// as packed <see cref="ScanEvent"/> lists, and the people's itineraries, whose entries carry the receipt each scan
/// was recorded under (<see cref="ItineraryEntry"/>). A scan is written to its day in memory, then logged as one
/// entry of a write-ahead log, both inside the day's
/// gate and by one writer of the day at a time; the log's group commit is what an acknowledgement waits for. Days are checkpointed now and then, the gate
/// keeping the day's writers out until FASTER has moved to the next version (each checkpoint writes what the day's
/// log gained since the last one, and now and then the day's hash index), then the write-ahead log before that point
/// is dropped;
/// after a crash the log is replayed from there, skipping scans whose receipts the day already holds. Retention
/// deletes whole day folders.
/// </summary>
internal sealed partial class ScanStore : IAsyncDisposable
{
    private const byte VenueTag = (byte)'V';
    /// <summary>A person's itinerary of <see cref="ItineraryEntry"/>s: each scan with its receipt.</summary>
    private const byte ItineraryTag = (byte)'I';
    /// <summary>A person's itinerary as days written before version 15 hold it: scans alone, receipts apart.</summary>
    private const byte LegacyPersonTag = (byte)'P';
    private const byte ReceiptTag = (byte)'E';
    private const int ReceiptHashSize = 16;
    [ThreadStatic]
    private static IncrementalHash? s_sha256;
    private readonly string _directory;
    private readonly ScanOptions _options;
    private readonly WriteAheadLog _log;
    private readonly ConcurrentDictionary<long, ScanDay> _days = new();
    private readonly Lock _dayCreation = new();
    private readonly PeriodicCheckpoints _checkpoints;
    private long _firstKeptDay;

    /// <param name="label">What its metrics are labelled with (the partition's number).</param>
    public ScanStore(string directory, ScanOptions options, Telemetry.StoreLabel? label = null)
    {
        _directory = directory;
        _options = options;
        Directory.CreateDirectory(directory);
        _log = new WriteAheadLog(directory, options.WalMemorySizeBits, options.PageSizeBits, options.CommitInterval);
        _firstKeptDay = ReadNumber(FirstKeptDayFile) ?? long.MinValue;
        DayFolders.OpenAll(directory, _firstKeptDay, (folder, day) => new ScanDay(folder, day, options), _days);
        Replay(_log.ReplayFrom);
        _checkpoints = new PeriodicCheckpoints(CheckpointAsync, options.CheckpointInterval, label ?? new("scans"), () => _days.Values.Sum(day => day.Store.LogBytes));
    }

    /// <summary>
    /// Records a scan in its venue's bucket and its person's itinerary, with its receipt — unless its day already
    /// holds a receipt with this id (a repeated delivery: it carries the same scan time, so the same day), in which
    /// case nothing is written and the earlier receipt is returned. The check and the write are one step under the
    /// day's writer lock. The caller waits for <see cref="WaitForCommitAsync"/> before acknowledging, a repeated delivery
    /// too (the first delivery's commit may still be under way). A scan whose person already has <paramref name="dailyCap"/>
    /// scans that day is recorded flagged <see cref="ScanFlags.OverDailyCap"/> (for review, not refused): counted from the
    /// same read of the itinerary that finds an earlier delivery, under the same lock, so two scans at once cannot both
    /// miss the cap.
    /// </summary>
    public ScanReceipt? RecordOnce(string receipt, in ScanEvent scan, int dailyCap = int.MaxValue)
    {
        var key = ReceiptKey(receipt);
        var length = ScanEvent.Size + key.Length;
        var entry = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            key.CopyTo(entry.AsSpan(ScanEvent.Size));
            var store = Day(Days.Of(scan.At));
            if (store is null || !store.Enter())
                throw new TracingException(TracingError.InvalidArgument, "The scan's day is past the retention period.", "Ngày quét đã quá thời hạn lưu trữ dữ liệu nên không thể ghi nhận.");
            try
            {
                lock (store.Writer)
                {
                    var (earlier, count) = ItineraryOf(store, key, scan.Person);
                    if (earlier is not null)
                        return earlier;
                    if (count >= _options.MaxScansPerPersonPerDay)
                        throw new TracingException(TracingError.ResourceExhausted, $"This person already has {_options.MaxScansPerPersonPerDay} scans on this day, the most a day holds; this one is not recorded.", $"Người này đã có {_options.MaxScansPerPersonPerDay} lượt quét trong ngày, mức tối đa một ngày; lượt quét này không được ghi nhận.");
                    var recorded = count >= dailyCap ? scan with { Flags = scan.Flags | ScanFlags.OverDailyCap } : scan;
                    MemoryMarshal.Write(entry, in recorded);
                    // Logged after it is written: a checkpoint that starts after the entry holds the write.
                    Apply(store, key, recorded);
                    _log.Log.Enqueue(entry.AsSpan(0, length));
                    Telemetry.IngestMetrics.ScanRecorded();
                    return null;
                }
            }
            finally
            {
                store.Exit();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(entry);
        }
    }

    /// <summary>Completes once everything recorded before the call is durable.</summary>
    public Task WaitForCommitAsync(CancellationToken cancellationToken = default) => _log.WaitForCommitAsync(cancellationToken);

    /// <summary>Adds a venue's scans of one day to <paramref name="into"/>.</summary>
    public void ReadVenue(uint venue, long day, List<ScanEvent> into)
        => InDay(day, 0, (venue, into), static (store, read) =>
        {
            Span<byte> key = stackalloc byte[1 + sizeof(uint)];
            return ReadStored(store, NumberKey(key, VenueTag, read.venue), 0, read.into, AddScanEvents);
        });

    /// <summary>Adds a person's scans of one day to <paramref name="into"/>.</summary>
    public void ReadItinerary(uint person, long day, List<ScanEvent> into)
        => InDay(day, 0, (person, into), static (store, read) =>
        {
            Span<byte> key = stackalloc byte[1 + sizeof(uint)];
            if (store.HoldsReceiptRecords)
                ReadStored(store, NumberKey(key, LegacyPersonTag, read.person), 0, read.into, AddScanEvents);
            return ReadStored(store, NumberKey(key, ItineraryTag, read.person), 0, read.into, static (stored, list) =>
            {
                foreach (var entry in MemoryMarshal.Cast<byte, ItineraryEntry>(stored))
                    list.Add(entry.Scan);
                return 0;
            });
        });

    /// <summary>Runs <paramref name="read"/> on a day inside its gate; <paramref name="absent"/> when the day is not held.</summary>
    private T InDay<TState, T>(long day, T absent, TState state, Func<ScanDay, TState, T> read)
    {
        if (!_days.TryGetValue(day, out var store) || !store.Enter())
            return absent;
        try
        {
            return read(store, state);
        }
        finally
        {
            store.Exit();
        }
    }

    /// <summary>The days held, oldest first.</summary>
    public long[] StoredDays() => _days.Keys.Order().ToArray();

    /// <summary>Bytes of log a day holds, live and dead (see <see cref="ScanDay.CompactIfWasteful"/>); 0 for a day not held.</summary>
    internal long DayLogBytes(long day) => _days.TryGetValue(day, out var held) ? held.Store.LogBytes : 0;

    /// <summary>Adds a stored list of packed <see cref="ScanEvent"/>s (a venue's bucket, an itinerary of version 14).</summary>
    private static int AddScanEvents(ReadOnlySpan<byte> stored, List<ScanEvent> into)
    {
        into.AddRange(MemoryMarshal.Cast<byte, ScanEvent>(stored));
        return 0;
    }

    private static T ReadStored<T, TState>(ScanDay day, ReadOnlySpan<byte> key, T absent, TState state, StoredReader<T, TState> read)
    {
        var stored = day.Store.ReadPooled(key);
        if (stored.Buffer is null)
            return absent;
        try
        {
            return read(stored.Span, state);
        }
        finally
        {
            stored.Return();
        }
    }

    private static void Apply(ScanDay day, ReadOnlySpan<byte> receiptKey, in ScanEvent scan)
    {
        Span<byte> key = stackalloc byte[1 + sizeof(uint)];
        day.Store.Append(NumberKey(key, VenueTag, scan.Venue), MemoryMarshal.AsBytes(new ReadOnlySpan<ScanEvent>(in scan)));
        var entry = new ItineraryEntry(scan, ItineraryEntry.ReceiptOf(receiptKey));
        day.Store.Append(NumberKey(key, ItineraryTag, scan.Person), MemoryMarshal.AsBytes(new ReadOnlySpan<ItineraryEntry>(in entry)));
        day.Written();
    }

    /// <summary>How many scans a day of version 14 holds for a person apart from their receipts (0 in any later day).</summary>
    private static int LegacyCountIn(ScanDay day, uint person)
    {
        Span<byte> key = stackalloc byte[1 + sizeof(uint)];
        return day.HoldsReceiptRecords ? ReadStored(day, NumberKey(key, LegacyPersonTag, person), 0, 0, static (stored, _) => stored.Length / ScanEvent.Size) : 0;
    }

    /// <summary>
    /// From one read of the person's itinerary for the day (entered by the caller): the receipt of an earlier delivery
    /// of this scan — or, in a day written before itineraries held receipts, its receipt record — and how many scans the
    /// person has that day.
    /// </summary>
    private static (ScanReceipt? Earlier, int Count) ItineraryOf(ScanDay day, ReadOnlySpan<byte> receiptKey, uint person)
    {
        Span<byte> key = stackalloc byte[1 + sizeof(uint)];
        var (earlier, count) = ReadStored(day, NumberKey(key, ItineraryTag, person), ((ScanReceipt?)null, 0), ItineraryEntry.ReceiptOf(receiptKey),
            static (stored, receipt) => (ItineraryEntry.Find(stored, receipt), stored.Length / ItineraryEntry.Size));
        if (!day.HoldsReceiptRecords)
            return (earlier, count);
        earlier ??= ReadStored(day, receiptKey, (ScanReceipt?)null, 0, static (stored, _) => ScanReceipt.Read(stored));
        return (earlier, count + LegacyCountIn(day, person));
    }

    /// <summary>The day's store, created when new; null for a day past retention.</summary>
    private ScanDay? Day(long day)
    {
        if (_days.TryGetValue(day, out var store))
            return store;
        lock (_dayCreation)
        {
            if (day < _firstKeptDay)
                return null;
            return _days.GetOrAdd(day, d => new ScanDay(DayFolders.Of(_directory, d), d, _options));
        }
    }

    private static ReadOnlySpan<byte> NumberKey(Span<byte> key, byte tag, uint number)
    {
        key[0] = tag;
        MemoryMarshal.Write(key[1..], in number);
        return key;
    }

    /// <summary>
    /// A receipt's key: a 128-bit hash of the receipt id (which names a device and its event id). Logged with the scan;
    /// an itinerary keeps its first 64 bits (<see cref="ItineraryEntry"/>); days written before that keep it whole.
    /// </summary>
    private static byte[] ReceiptKey(string receipt)
    {
        var key = new byte[1 + ReceiptHashSize];
        key[0] = ReceiptTag;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        // One hashing context per thread, reused: a one-shot hash sets up a new one each time, which costs more
        // than hashing a receipt id.
        var sha256 = s_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // A receipt id is short (a device's id and an event id of at most a few hundred characters): encoded on the stack.
        var most = Encoding.UTF8.GetMaxByteCount(receipt.Length);
        var utf8 = most <= 1024 ? stackalloc byte[most] : new byte[most];
        sha256.AppendData(utf8[..Encoding.UTF8.GetBytes(receipt, utf8)]);
        sha256.GetHashAndReset(hash);
        hash[..ReceiptHashSize].CopyTo(key.AsSpan(1));
        return key;
    }

    private delegate T StoredReader<out T, in TState>(ReadOnlySpan<byte> stored, TState state);
}
