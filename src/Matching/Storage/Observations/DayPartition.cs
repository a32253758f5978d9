using System.Collections.Concurrent;
using FASTER.core;

namespace Tracing.Matching.Storage.Observations;

/// <summary>
/// The sightings of one UTC day: a FASTER store of its own (own log, own checkpoints, own folder), so that
/// retention drops a whole day by deleting its folder, and a day can move to another node as a unit.
/// Only the write-ahead-log applier writes; any thread reads.
/// </summary>
internal sealed class DayPartition : IDisposable
{
    private readonly FasterKV<SpanByte, SpanByte> _kv;
    private readonly IDevice _device;
    private readonly BucketFunctions _functions = new();
    private readonly CheckpointTokens _checkpoints;
    private readonly SessionVariableLengthStructSettings<SpanByte, SpanByte> _lengths;
    // A queue, not a bag: readers are returned on other threads than took them, and a bag then steals under locks.
    private readonly ConcurrentQueue<ClientSession<SpanByte, SpanByte, SpanByte, SightingSink, Empty, BucketFunctions>> _readers = new();
    private readonly ClientSession<SpanByte, SpanByte, SpanByte, SightingSink, Empty, BucketFunctions> _writer;
    private long _writesSinceCheckpoint;

    public DayPartition(string directory, long day, ObservationOptions options)
    {
        Day = day;
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        BucketBits = BucketBitsOf(directory, options.BucketBits);
        _device = Devices.CreateLogDevice(Path.Combine(directory, "hlog.log"), preallocateFile: false, recoverDevice: true);
        _kv = new FasterKV<SpanByte, SpanByte>(
            Math.Max(1L << 10, 1L << Math.Max(0, BucketBits - 2)),
            new LogSettings { LogDevice = _device, PageSizeBits = options.PageSizeBits, MemorySizeBits = options.DayMemorySizeBits, SegmentSizeBits = 30 },
            // Outdated checkpoints are deleted by _checkpoints, after it has named the new one (see CheckpointTokens).
            // Not ThrottleCheckpointFlushDelayMs: with it, FASTER 2.6.5 writes the index from a task whose completion
            // the checkpoint may not wait for (it can report success before the hash table is on disk).
            new CheckpointSettings { CheckpointDir = Path.Combine(directory, "checkpoints"), RemoveOutdated = false },
            tryRecoverLatest: false,
            // One writer that only ever appends behind the used length, which it publishes last: readers need no locks.
            concurrencyControlMode: ConcurrencyControlMode.None);
        _checkpoints = new CheckpointTokens(Path.Combine(directory, "checkpoints"));
        _checkpoints.Recover(_kv);
        _lengths = new SessionVariableLengthStructSettings<SpanByte, SpanByte> { valueLength = new BucketLength(options.InitialBucketCapacity) };
        _writer = NewSession();
        Filter = DayFilter.Load(FilterPath) ?? RebuildFilter(options.ExpectedPerDay);
    }

    /// <summary>Which identifiers this day may hold: lookups of the others skip the store.</summary>
    public DayFilter Filter { get; }

    private string FilterPath => Path.Combine(Directory, "filter.bin");

    /// <summary>The UTC day number.</summary>
    public long Day { get; }

    /// <summary>The day's folder.</summary>
    public string Directory { get; }

    /// <summary>Bits of the bucket number in this day's store.</summary>
    public int BucketBits { get; }

    /// <summary>Whether anything was written since the last checkpoint.</summary>
    public bool Dirty => Volatile.Read(ref _writesSinceCheckpoint) > 0;

    /// <summary>Bytes of log in use (memory and disk).</summary>
    public long LogBytes => _kv.Log.TailAddress - _kv.Log.BeginAddress;

    /// <summary>Appends sightings to a bucket (<paramref name="input"/>: see <see cref="BucketFunctions.Input"/>). Applier thread only.</summary>
    public unsafe void Append(uint bucket, ReadOnlySpan<byte> input)
    {
        Span<byte> key = stackalloc byte[sizeof(uint)];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(key, bucket);
        fixed (byte* pointer = input)
        {
            var value = SpanByte.FromFixedSpan(input);
            var status = _writer.RMW(key, ref value);
            if (status.IsPending)
                _writer.CompletePending(wait: true);
        }
        Interlocked.Increment(ref _writesSinceCheckpoint);
    }

    /// <summary>
    /// A reader for one match: one session, held under epoch protection until disposed, so that thousands of
    /// lookups pay for neither a session nor an epoch each. One thread only.
    /// </summary>
    public Reader OpenReader() => new(this, _readers.TryDequeue(out var pooled) ? pooled : NewSession());

    /// <summary>Looks up identifiers in one day (see <see cref="OpenReader"/>).</summary>
    public sealed class Reader : IDisposable
    {
        private readonly DayPartition _partition;
        private readonly ClientSession<SpanByte, SpanByte, SpanByte, SightingSink, Empty, BucketFunctions> _session;
        private readonly UnsafeContext<SpanByte, SpanByte, SpanByte, SightingSink, Empty, BucketFunctions> _context;

        internal Reader(DayPartition partition, ClientSession<SpanByte, SpanByte, SpanByte, SightingSink, Empty, BucketFunctions> session)
        {
            _partition = partition;
            _session = session;
            _context = session.UnsafeContext;
            _context.BeginUnsafe();
        }

        /// <summary>Starts fetching the filter block of <paramref name="rpi"/>, ahead of <see cref="MayHold"/>.</summary>
        public void Prefetch(ReadOnlySpan<byte> rpi) => _partition.Filter.Prefetch(SightingEntry.TailOf(rpi));

        /// <summary>False when this day certainly holds no sighting of <paramref name="rpi"/> (its filter says so).</summary>
        public bool MayHold(ReadOnlySpan<byte> rpi) => _partition.Filter.MayContain(SightingEntry.TailOf(rpi));

        /// <summary>Adds every stored observation of <paramref name="rpi"/> to <paramref name="sink"/>.</summary>
        public void Collect(ReadOnlySpan<byte> rpi, ref SightingSink sink)
        {
            if (MayHold(rpi))
                CollectStored(rpi, ref sink);
        }

        /// <summary>
        /// Adds every stored observation of <paramref name="rpi"/> to <paramref name="sink"/>, without asking the
        /// filter first (for an identifier <see cref="MayHold"/> let through).
        /// </summary>
        public unsafe void CollectStored(ReadOnlySpan<byte> rpi, ref SightingSink sink)
        {
            byte* keyBytes = stackalloc byte[sizeof(uint)];
            *(uint*)keyBytes = SightingEntry.BucketOf(rpi, _partition.BucketBits);
            var key = SpanByte.FromPointer(keyBytes, sizeof(uint));
            // Matches land in a sink of their own (most identifiers have none, so it rarely rents a buffer):
            // a pending read works on a copy of its output, which must not share the caller's buffer.
            var found = default(SightingSink);
            try
            {
                fixed (byte* tail = rpi[SightingEntry.TailOffset..])
                {
                    var input = SpanByte.FromPointer(tail, rpi.Length - SightingEntry.TailOffset);
                    var status = _context.Read(ref key, ref input, ref found);
                    if (status.IsPending)
                    {
                        _context.CompletePendingWithOutputs(out var completed, wait: true);
                        using (completed)
                        {
                            if (completed.Next())
                                found = completed.Current.Output;
                        }
                    }
                }
                foreach (var observation in found.Observations)
                    sink.Add(observation);
            }
            finally
            {
                found.Dispose();
            }
        }

        public void Dispose()
        {
            _context.EndUnsafe();
            _partition._readers.Enqueue(_session);
        }
    }

    /// <summary>
    /// Takes a full checkpoint (index and a snapshot of the log) and waits for it, then saves the filter, which
    /// by then holds at least everything the checkpoint holds. Nothing may append meanwhile: FASTER would copy
    /// each bucket updated during a checkpoint to a new record, and the old one would stay as garbage.
    /// </summary>
    public async Task CheckpointAsync()
    {
        var written = Volatile.Read(ref _writesSinceCheckpoint);
        (bool Success, Guid Token) checkpoint;
        while (!(checkpoint = await _kv.TakeFullCheckpointAsync(CheckpointType.Snapshot).ConfigureAwait(false)).Success)
            await Task.Delay(1).ConfigureAwait(false);
        _checkpoints.Completed(checkpoint.Token, checkpoint.Token);
        Filter.Save(FilterPath);
        Interlocked.Add(ref _writesSinceCheckpoint, -written);
    }

    /// <summary>A filter from every sighting in the log (when the saved one is missing, e.g. a crash before saving it).</summary>
    private DayFilter RebuildFilter(long expectedSightings)
    {
        var filter = new DayFilter(expectedSightings);
        using var records = _kv.Log.Scan(_kv.Log.BeginAddress, _kv.Log.TailAddress);
        while (records.GetNext(out var info))
        {
            if (info.Tombstone || info.Invalid)
                continue;
            foreach (ref readonly var entry in BucketFunctions.Entries(records.GetValue().AsReadOnlySpan()))
                filter.Add(entry.Tail);
        }
        return filter;
    }

    public void Dispose()
    {
        _writer.Dispose();
        while (_readers.TryDequeue(out var session))
            session.Dispose();
        _kv.Dispose();
        _device.Dispose();
    }

    /// <summary>A day keeps the bucket bits it was created with, whatever the sizing says later.</summary>
    private static int BucketBitsOf(string directory, int wanted)
    {
        var path = Path.Combine(directory, "bucket-bits");
        if (File.Exists(path) && int.TryParse(File.ReadAllText(path), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits))
            return bits;
        Internal.AtomicFile.WriteText(path, wanted.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return wanted;
    }

    private ClientSession<SpanByte, SpanByte, SpanByte, SightingSink, Empty, BucketFunctions> NewSession()
        => _kv.For(_functions).NewSession<BucketFunctions>(sessionVariableLengthStructSettings: _lengths);
}
