using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FASTER.core;
using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage.Observations;

internal sealed partial class ObservationStore
{
    private const int EntriesPerRun = 64;

    // Scratch of the applier thread, reused from entry to entry.
    private readonly List<(DayPartition Day, int Start, int End)> _dayRanges = [];
    private readonly ParallelOptions _applyParallelism = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };
    private ulong[] _order = new ulong[1024];

    /// <summary>The applier: reads committed log entries in order and adds their sightings to the day stores.</summary>
    private async Task ApplyAsync(long from)
    {
        try
        {
            using var iterator = Wal.Scan(from, long.MaxValue);
            while (!_stop.IsCancellationRequested)
            {
                bool more;
                do
                {
                    // Entries are applied in runs, so that a waiting checkpoint gets its turn between two runs.
                    await _applyGate.WaitAsync(_stop.Token).ConfigureAwait(false);
                    try
                    {
                        var run = 0;
                        while ((more = TryApplyNext(iterator)) && ++run < EntriesPerRun)
                        {
                        }
                    }
                    finally
                    {
                        _applyGate.Release();
                    }
                }
                while (more);
                if (!await iterator.WaitAsync(_stop.Token).ConfigureAwait(false))
                    return;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            lock (_appliedGate)
            {
                _applierFailure = exception;
                Monitor.PulseAll(_appliedGate);
                SignalApplied();
            }
        }
    }

    private unsafe bool TryApplyNext(FasterLogScanIterator iterator)
    {
        if (!iterator.UnsafeGetNext(out var entry, out var length, out var address, out var next))
            return false;
        try
        {
            Apply(new ReadOnlySpan<byte>(entry, length), address);
        }
        finally
        {
            iterator.UnsafeRelease();
        }
        lock (_appliedGate)
        {
            _appliedUntil = next;
            Monitor.PulseAll(_appliedGate);
            SignalApplied();
        }
        return true;
    }

    /// <summary>
    /// Adds one entry's sightings: grouped by day and bucket, one append per bucket. Days are separate stores, so
    /// the entry's days are applied side by side (each day by one thread, its groups in order).
    /// </summary>
    private unsafe void Apply(ReadOnlySpan<byte> entry, long address)
    {
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(entry);
        var sightings = MemoryMarshal.Cast<byte, LoggedSighting>(entry[(sizeof(int) + keyLength)..]);
        if (keyLength > 0 && !Claim(entry.Slice(sizeof(int), keyLength), address, sightings))
            return;
        if (sightings.IsEmpty)
            return;
        var firstKeptDay = Volatile.Read(ref _firstKeptDay);
        if (_order.Length < sightings.Length)
            _order = new ulong[Math.Max(sightings.Length, _order.Length * 2)];
        // Sort key: day in the high 32 bits, bucket in the low 32; the positions are sorted along with it.
        Span<byte> rpi = stackalloc byte[16];
        var order = _order;
        var positions = ArrayPool<int>.Shared.Rent(sightings.Length);
        try
        {
            var kept = 0;
            for (var i = 0; i < sightings.Length; i++)
            {
                var day = Days.Of(sightings[i].Observation.SeenAt);
                if (day < firstKeptDay)
                    continue; // past retention: its day is gone
                sightings[i].CopyRpiTo(rpi);
                order[kept] = ((ulong)day << 32) | SightingEntry.BucketOf(rpi, Partition(day).BucketBits);
                positions[kept++] = i;
            }
            order.AsSpan(0, kept).Sort(positions.AsSpan(0, kept));
            _dayRanges.Clear();
            for (var start = 0; start < kept;)
            {
                var end = start + 1;
                while (end < kept && order[end] >> 32 == order[start] >> 32)
                    end++;
                _dayRanges.Add((Partition((long)(order[start] >> 32)), start, end));
                start = end;
            }
            fixed (LoggedSighting* pinned = sightings)
            {
                var all = (nint)pinned;
                var count = sightings.Length;
                var ranges = _dayRanges;
                if (ranges.Count == 1)
                    ApplyDay(address, ranges[0], order, positions, new ReadOnlySpan<LoggedSighting>((void*)all, count));
                else
                    Parallel.For(0, ranges.Count, _applyParallelism, r => ApplyDay(address, ranges[r], order, positions, new ReadOnlySpan<LoggedSighting>((void*)all, count)));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(positions);
        }
    }

    /// <summary>Appends one day's groups of an entry (<paramref name="range"/> of the sorted order), bucket by bucket.</summary>
    private static void ApplyDay(long address, (DayPartition Day, int Start, int End) range, ulong[] order, int[] positions, ReadOnlySpan<LoggedSighting> sightings)
    {
        Span<byte> rpi = stackalloc byte[16];
        var input = ArrayPool<byte>.Shared.Rent(BucketFunctions.InputHeaderSize + ((range.End - range.Start) * SightingEntry.Size));
        try
        {
            for (var start = range.Start; start < range.End;)
            {
                var end = start + 1;
                while (end < range.End && order[end] == order[start])
                    end++;
                AppendGroup(address, range.Day, (uint)order[start], sightings, positions.AsSpan(start, end - start), rpi, input);
                start = end;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    private static void AppendGroup(long address, DayPartition partition, uint bucket, ReadOnlySpan<LoggedSighting> sightings, ReadOnlySpan<int> members, Span<byte> rpi, byte[] scratch)
    {
        var input = scratch.AsSpan(0, BucketFunctions.InputHeaderSize + (members.Length * SightingEntry.Size));
        BinaryPrimitives.WriteInt64LittleEndian(input, address);
        var entries = MemoryMarshal.Cast<byte, SightingEntry>(input[BucketFunctions.InputHeaderSize..]);
        for (var i = 0; i < members.Length; i++)
        {
            ref readonly var sighting = ref sightings[members[i]];
            sighting.CopyRpiTo(rpi);
            entries[i] = SightingEntry.Of(rpi, sighting.Observation);
            partition.Filter.Add(entries[i].Tail);
        }
        partition.Append(bucket, input);
    }

    /// <summary>
    /// Whether the entry at <paramref name="address"/> is the first with its batch key (a retry is not). The marker is
    /// deleted with the day of the batch's earliest sighting: a retry after that adds nothing retention would keep.
    /// </summary>
    private bool Claim(ReadOnlySpan<byte> batchKey, long address, ReadOnlySpan<LoggedSighting> sightings)
    {
        var marker = _ledger.Read(batchKey);
        if (marker is null)
        {
            _ledger.Upsert(batchKey, BitConverter.GetBytes(address));
            if (!sightings.IsEmpty)
            {
                var earliest = uint.MaxValue;
                foreach (var sighting in sightings)
                    earliest = Math.Min(earliest, sighting.Observation.SeenAt);
                _ledger.ExpireWithDay(batchKey, earliest);
            }
            return true;
        }
        return BitConverter.ToInt64(marker) == address;
    }

    private DayPartition Partition(long day)
        => _days.GetOrAdd(day, static (d, store) => new DayPartition(DayFolders.Of(store._directory, d), d, store._options), this);
}
