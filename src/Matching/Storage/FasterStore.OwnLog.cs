using System.Buffers;
using System.Buffers.Binary;
using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage;

/// <summary>
/// The write-ahead log of a store that makes itself durable (the general store, a partition's batch ids). Each write
/// is applied and logged under the same per-key lock, so the log holds a key's writes in the order they were made; a
/// commit of the log is one write to disk, shared by every writer waiting (a FASTER checkpoint for each group of
/// writers cost several milliseconds and more under load). Checkpoints run in the background; each records, with the
/// checkpoint's name, the log address from which nothing is in it. Writers are held off for the moment it takes FASTER
/// to move to the checkpoint's version, so every entry before that address is in the checkpoint and none after:
/// appends, replayed twice, would count twice. A restart recovers the checkpoint and replays the log from there.
/// </summary>
public sealed partial class FasterStore
{
    private const int EntryHeader = 1 + sizeof(int);
    private readonly WriteAheadLog? _ownLog;
    private readonly PeriodicCheckpoints? _ownCheckpoints;
    // Held shared by each logged write, exclusively while a checkpoint fixes its log address and version.
    private readonly ReaderWriterLockSlim _checkpointBoundary = new(LockRecursionPolicy.NoRecursion);
    private readonly Lock _ownCheckpointTurn = new();

    private enum LoggedOperation : byte
    {
        Upsert = 1,
        Append = 2,
        Delete = 3,
    }

    /// <summary>Why the last background checkpoint failed (the next one tries again; the log keeps everything meanwhile).</summary>
    public Exception? CheckpointFailure => _ownCheckpoints?.LastFailure;

    private WriteAheadLog OwnLog => _ownLog ?? throw new InvalidOperationException("This store is made durable by its owner's write-ahead log.");

    private WriteAheadLog OpenOwnLog(long replayFrom)
    {
        var log = new WriteAheadLog(_options.Directory, _options.PageSizeBits + 2, _options.PageSizeBits, _options.CommitInterval);
        try
        {
            Replay(log, Math.Max(replayFrom, log.Log.BeginAddress));
            return log;
        }
        catch
        {
            log.Dispose();
            throw;
        }
    }

    /// <summary>Applies again what the log holds after the checkpoint recovered.</summary>
    private void Replay(WriteAheadLog log, long from)
    {
        using var entries = log.Log.Scan(from, log.Log.TailAddress);
        while (entries.GetNext(out byte[] entry, out var length, out _))
        {
            var keyLength = BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(1));
            var key = entry.AsSpan(EntryHeader, keyLength);
            var value = entry.AsSpan(EntryHeader + keyLength, length - EntryHeader - keyLength);
            switch ((LoggedOperation)entry[0])
            {
                case LoggedOperation.Upsert:
                    UpsertAlone(key, value);
                    break;
                case LoggedOperation.Append:
                    AppendAlone(key, value);
                    break;
                case LoggedOperation.Delete:
                    DeleteAlone(key);
                    break;
                default:
                    throw new InvalidDataException($"Entry {entry[0]} of the write-ahead log in {_options.Directory} is of no known kind.");
            }
        }
    }

    private LoggedWriteScope LoggedWrite()
    {
        if (_ownLog is null)
            return default;
        _checkpointBoundary.EnterReadLock();
        return new LoggedWriteScope(this);
    }

    private void Enqueue(LoggedOperation operation, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var length = EntryHeader + key.Length + value.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var entry = buffer.AsSpan(0, length);
            entry[0] = (byte)operation;
            BinaryPrimitives.WriteInt32LittleEndian(entry[1..], key.Length);
            key.CopyTo(entry[EntryHeader..]);
            value.CopyTo(entry[(EntryHeader + key.Length)..]);
            _ownLog!.Log.Enqueue(entry);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A checkpoint (the hash index first when <paramref name="indexToo"/> or due, writers going on), named with the log
    /// address where the entries it does not hold begin; the log before that address is dropped after.
    /// </summary>
    private Task CheckpointWithOwnLogAsync(bool indexToo) => BlockingWork.Run(() =>
    {
        lock (_ownCheckpointTurn)
        {
            CheckpointIndexIfDueAsync(force: indexToo).GetAwaiter().GetResult();
            long replayFrom;
            Task checkpoint;
            _checkpointBoundary.EnterWriteLock();
            try
            {
                replayFrom = OwnLog.Log.TailAddress;
                checkpoint = StartLogCheckpoint(replayFrom);
            }
            finally
            {
                _checkpointBoundary.ExitWriteLock();
            }
            checkpoint.GetAwaiter().GetResult();
            OwnLog.DropBefore(replayFrom);
        }
    });

    /// <summary>Stops the background checkpoints and commits the log a last time.</summary>
    private async Task StopOwnLogAsync()
    {
        await _ownCheckpoints!.DisposeAsync().ConfigureAwait(false);
        await OwnLog.StopGroupCommitAsync().ConfigureAwait(false);
    }

    /// <summary>A logged write: holds the checkpoint boundary shared until disposed (nothing for a store without a log).</summary>
    private readonly ref struct LoggedWriteScope(FasterStore? store)
    {
        public void Log(LoggedOperation operation, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => store?.Enqueue(operation, key, value);

        public void Dispose() => store?._checkpointBoundary.ExitReadLock();
    }
}
