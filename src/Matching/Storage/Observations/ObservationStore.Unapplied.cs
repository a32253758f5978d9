using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Observations;

internal sealed partial class ObservationStore
{
    // Readers of the log's unapplied tail hold the read side while they scan; dropping the log's head takes the
    // write side, so a scan never reads a dropped page.
    private readonly ReaderWriterLockSlim _logHead = new(LockRecursionPolicy.NoRecursion);

    /// <summary>Whether some acknowledged (committed) log entries are not applied to the day stores yet.</summary>
    public bool HasUnapplied => Volatile.Read(ref _appliedUntil) < Wal.CommittedUntilAddress;

    /// <summary>
    /// The sightings of the <paramref name="wanted"/> identifiers in log entries that are logged but not applied to
    /// the day stores yet. Called before the day stores are read, it lets a lookup see every acknowledged sighting
    /// without waiting for the applier (which may lag by seconds under a heavy load). An entry the applier reaches
    /// meanwhile is seen both here and in its day store: callers drop exact duplicates (<see cref="SightingSink.DropDuplicates"/>).
    /// </summary>
    public Dictionary<Guid, List<Observation>> UnappliedSightings(IReadOnlySet<Guid> wanted)
    {
        long from;
        lock (_appliedGate)
        {
            if (_applierFailure is not null)
                throw ApplierStopped();
            from = _appliedUntil;
        }
        // Acknowledged means committed: what is logged but not committed yet has not been acknowledged to anyone.
        var until = Wal.CommittedUntilAddress;
        var found = new Dictionary<Guid, List<Observation>>();
        if (from >= until)
            return found;
        var batches = new HashSet<string>();
        var filter = new WantedFilter(wanted);
        _logHead.EnterReadLock();
        try
        {
            // Whatever was dropped since `from` was read had been applied (the head is only dropped below that).
            using var iterator = Wal.Scan(Math.Max(from, Wal.BeginAddress), until);
            while (ReadNext(iterator, filter, batches, found))
            {
            }
        }
        finally
        {
            _logHead.ExitReadLock();
        }
        return found;
    }

    /// <summary>Holds the applier off until disposed: what a lookup sees while the applier lags, on demand (tests).</summary>
    internal IDisposable PauseApplying()
    {
        _applyGate.Wait();
        return new ApplyingPaused(_applyGate);
    }

    /// <summary>Drops the log before <paramref name="address"/> once no tail reader is scanning it.</summary>
    private void DropLogBefore(long address)
    {
        _logHead.EnterWriteLock();
        try
        {
            _log.DropBefore(address);
        }
        finally
        {
            _logHead.ExitWriteLock();
        }
    }

    /// <summary>Reads the next entry in place (no copy); false at the end of the range.</summary>
    private unsafe bool ReadNext(FASTER.core.FasterLogScanIterator iterator, WantedFilter wanted, HashSet<string> batches, Dictionary<Guid, List<Observation>> found)
    {
        if (!iterator.UnsafeGetNext(out var entry, out var length, out var address, out _))
            return false;
        try
        {
            CollectUnapplied(new ReadOnlySpan<byte>(entry, length), address, wanted, batches, found);
        }
        finally
        {
            iterator.UnsafeRelease();
        }
        return true;
    }

    /// <summary>Adds an entry's sightings of wanted identifiers, unless the entry repeats a batch already logged.</summary>
    private void CollectUnapplied(ReadOnlySpan<byte> entry, long address, WantedFilter wanted, HashSet<string> batches, Dictionary<Guid, List<Observation>> found)
    {
        var keyLength = BinaryPrimitives.ReadInt32LittleEndian(entry);
        if (keyLength > 0)
        {
            // As the applier decides: a batch counts at its first entry only.
            var key = entry.Slice(sizeof(int), keyLength);
            var marker = _ledger.Read(key);
            if ((marker is not null && BitConverter.ToInt64(marker) != address) || !batches.Add(Convert.ToHexString(key)))
                return;
        }
        foreach (ref readonly var sighting in MemoryMarshal.Cast<byte, LoggedSighting>(entry[(sizeof(int) + keyLength)..]))
        {
            if (!wanted.Contains(sighting.Rpi))
                continue;
            if (!found.TryGetValue(sighting.Rpi, out var list))
                found[sighting.Rpi] = list = [];
            list.Add(sighting.Observation);
        }
    }

    /// <summary>
    /// The wanted identifiers, with a 65,536-bit map of their hashes in front: the tail holds up to millions of
    /// sightings, and the map (8 KB, in cache) turns away almost all of them before the set is asked.
    /// </summary>
    private sealed class WantedFilter(IReadOnlySet<Guid> wanted)
    {
        private readonly ulong[] _map = MapOf(wanted);

        public bool Contains(in Guid rpi)
        {
            var hash = (uint)rpi.GetHashCode() & 0xFFFF;
            return (_map[hash >> 6] & (1UL << (int)(hash & 63))) != 0 && wanted.Contains(rpi);
        }

        private static ulong[] MapOf(IReadOnlySet<Guid> wanted)
        {
            var map = new ulong[1024];
            foreach (var rpi in wanted)
            {
                var hash = (uint)rpi.GetHashCode() & 0xFFFF;
                map[hash >> 6] |= 1UL << (int)(hash & 63);
            }
            return map;
        }
    }

    private sealed class ApplyingPaused(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
