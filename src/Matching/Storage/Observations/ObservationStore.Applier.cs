using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FASTER.core;

namespace Tracing.Matching.Storage.Observations;

internal sealed partial class ObservationStore
{
    // Scratch of the applier thread, reused from run to run.
    private readonly SightingRun _run = new();
    private readonly ParallelOptions _applyParallelism = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>
    /// The applier: reads committed log entries in order and adds their sightings to the day stores. It runs on a
    /// thread of its own (<see cref="Internal.BlockingWork"/>): under a steady load it applies run after run without
    /// pause, and on the thread pool it held one of a two-core machine's two threads for as long, so the first half
    /// second of a load starved everything else (a case report stalled 100–450 ms until the pool added a thread).
    /// </summary>
    private void Apply(long from)
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
                    _applyGate.Wait(_stop.Token);
                    try
                    {
                        more = ApplyRun(iterator);
                    }
                    finally
                    {
                        _applyGate.Release();
                    }
                }
                while (more);
                // Blocking is this thread's to do (a completed wait's Task<bool> is a cached one).
                if (!iterator.WaitAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
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

    /// <summary>
    /// Applies the committed entries that are there, up to a run's worth (<see cref="SightingRun.Target"/>); returns
    /// whether it stopped at that size (more may be waiting) rather than at the end of what is committed.
    /// </summary>
    private unsafe bool ApplyRun(FasterLogScanIterator iterator)
    {
        _run.Clear();
        var firstKeptDay = Volatile.Read(ref _firstKeptDay);
        var until = -1L;
        while (_run.Count < SightingRun.Target && iterator.UnsafeGetNext(out var entry, out var length, out var address, out var next))
        {
            try
            {
                AddToRun(new ReadOnlySpan<byte>(entry, length), address, firstKeptDay);
            }
            finally
            {
                iterator.UnsafeRelease();
            }
            until = next;
        }
        if (until < 0)
            return false;
        ApplyDays(_run.SortByDay());
        lock (_appliedGate)
        {
            _appliedUntil = until;
            Monitor.PulseAll(_appliedGate);
            SignalApplied();
        }
        return _run.Count >= SightingRun.Target;
    }

    /// <summary>Adds one entry's sightings to the run, unless its batch was applied before (a client's retry).</summary>
    private void AddToRun(ReadOnlySpan<byte> entry, long address, long firstKeptDay)
    {
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(entry);
        var sightings = MemoryMarshal.Cast<byte, LoggedSighting>(entry[(sizeof(int) + keyLength)..]);
        if (keyLength > 0 && !Claim(entry.Slice(sizeof(int), keyLength), address, sightings))
            return;
        _run.Add(sightings, address, firstKeptDay, Partition);
    }

    /// <summary>Days are separate stores, so the run's days are applied side by side (each day by one thread, its buckets in order).</summary>
    private void ApplyDays(List<(DayPartition Day, int Start, int End)> days)
    {
        if (days.Count == 1)
            ApplyDay(_run, days[0]);
        else if (days.Count > 1)
            Parallel.For(0, days.Count, _applyParallelism, d => ApplyDay(_run, days[d]));
    }

    /// <summary>Appends one day's stretch of the run, one append per bucket.</summary>
    private static void ApplyDay(SightingRun run, (DayPartition Day, int Start, int End) stretch)
    {
        Span<byte> rpi = stackalloc byte[16];
        // Sized for a bucket's group, not the whole stretch: a run's stretch of one day can be 256 k sightings (8 MB).
        var input = ArrayPool<byte>.Shared.Rent(BucketFunctions.Input.Size(64));
        try
        {
            for (var start = stretch.Start; start < stretch.End;)
            {
                var end = run.Group(start, stretch.End);
                if (input.Length < BucketFunctions.Input.Size(end - start))
                {
                    ArrayPool<byte>.Shared.Return(input);
                    input = ArrayPool<byte>.Shared.Rent(BucketFunctions.Input.Size(end - start));
                }
                AppendGroup(run, stretch.Day, start, end, rpi, input);
                start = end;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    /// <summary>Appends the sightings at sorted positions [start, end) of the run, all of one bucket.</summary>
    private static void AppendGroup(SightingRun run, DayPartition partition, int start, int end, Span<byte> rpi, byte[] scratch)
    {
        var input = scratch.AsSpan(0, BucketFunctions.Input.Size(end - start));
        BucketFunctions.Input.Layout(input, end - start, out var addresses, out var entries);
        for (var i = start; i < end; i++)
        {
            ref readonly var sighting = ref run.SightingAt(i);
            sighting.CopyRpiTo(rpi);
            entries[i - start] = SightingEntry.Of(rpi, sighting.Observation);
            addresses[i - start] = run.AddressAt(i);
            partition.Filter.Add(entries[i - start].Tail);
        }
        partition.Append(run.BucketAt(start), input);
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
