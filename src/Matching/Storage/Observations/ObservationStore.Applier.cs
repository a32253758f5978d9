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
    private ulong[] _order = new ulong[1024];
    private byte[] _input = new byte[64 * 1024];

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
        }
        return true;
    }

    /// <summary>Adds one entry's sightings: grouped by day and bucket, one append per bucket.</summary>
    private void Apply(ReadOnlySpan<byte> entry, long address)
    {
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(entry);
        if (keyLength > 0 && !Claim(entry.Slice(sizeof(int), keyLength), address))
            return;
        var sightings = MemoryMarshal.Cast<byte, LoggedSighting>(entry[(sizeof(int) + keyLength)..]);
        if (sightings.IsEmpty)
            return;
        var firstKeptDay = Volatile.Read(ref _firstKeptDay);
        if (_order.Length < sightings.Length)
            _order = new ulong[Math.Max(sightings.Length, _order.Length * 2)];
        // Sort key: day in the high 32 bits, bucket in the low 32; the positions are sorted along with it.
        Span<byte> rpi = stackalloc byte[16];
        var order = _order.AsSpan(0, sightings.Length);
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
            order = order[..kept];
            order.Sort(positions.AsSpan(0, kept));
            var start = 0;
            while (start < kept)
            {
                var end = start + 1;
                while (end < kept && order[end] == order[start])
                    end++;
                AppendGroup(address, (long)(order[start] >> 32), (uint)order[start], sightings, positions.AsSpan(start, end - start), rpi);
                start = end;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(positions);
        }
    }

    private void AppendGroup(long address, long day, uint bucket, ReadOnlySpan<LoggedSighting> sightings, ReadOnlySpan<int> members, Span<byte> rpi)
    {
        var length = BucketFunctions.InputHeaderSize + members.Length * SightingEntry.Size;
        if (_input.Length < length)
            _input = new byte[Math.Max(length, _input.Length * 2)];
        var input = _input.AsSpan(0, length);
        BinaryPrimitives.WriteInt64LittleEndian(input, address);
        var entries = MemoryMarshal.Cast<byte, SightingEntry>(input[BucketFunctions.InputHeaderSize..]);
        var partition = Partition(day);
        for (var i = 0; i < members.Length; i++)
        {
            ref readonly var sighting = ref sightings[members[i]];
            sighting.CopyRpiTo(rpi);
            entries[i] = SightingEntry.Of(rpi, sighting.Observation);
            partition.Filter.Add(entries[i].Tail);
        }
        partition.Append(bucket, input);
    }

    /// <summary>Whether the entry at <paramref name="address"/> is the first with its batch key (a retry is not).</summary>
    private bool Claim(ReadOnlySpan<byte> batchKey, long address)
    {
        var marker = _ledger.Read(batchKey);
        if (marker is null)
        {
            _ledger.Upsert(batchKey, BitConverter.GetBytes(address));
            return true;
        }
        return BitConverter.ToInt64(marker) == address;
    }

    private DayPartition Partition(long day)
        => _days.GetOrAdd(day, static (d, store) => new DayPartition(DayFolders.Of(store._directory, d), d, store._options), this);
}
