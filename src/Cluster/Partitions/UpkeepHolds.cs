using Tracing.Matching;
using Tracing.Matching.Backup;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// The backups holding this silo's store upkeep through one partition's activation, by backup id. A hold ends when the
/// owner releases it, when the activation closes, or after <see cref="StoreBackup.LongestCopy"/> and a minute more on
/// its own, should the owner have died mid-copy. A release that comes before its hold (the owner gave up waiting, or a
/// retried hold arrives late) is remembered as long, and the hold is then let go as soon as it is taken.
/// </summary>
internal sealed class UpkeepHolds(TimeProvider time) : IDisposable
{
    /// <summary>
    /// How long a hold waits for this silo's upkeep under way (a checkpoint) before it is refused: less than a grain
    /// call's response timeout, so the owner hears why.
    /// </summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan s_expiry = StoreBackup.LongestCopy + TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, (IDisposable Hold, ITimer Expiry)> _held = [];
    private readonly Dictionary<Guid, DateTimeOffset> _released = [];

    /// <summary>Holds the upkeep for <paramref name="backup"/> (once: a repeated call keeps the first hold).</summary>
    public async Task HoldAsync(Guid backup)
    {
        lock (_lock)
        {
            if (_held.ContainsKey(backup) || _released.ContainsKey(backup))
                return;
        }
        IDisposable hold;
        using var bounded = new CancellationTokenSource(LongestWait, time);
        try
        {
            hold = await StoreBackup.HoldUpkeepAsync(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A hold cancelled while it waits is given back at once (StoreUpkeep).
            throw new PartitionRefusal(
                TracingError.Unavailable,
                $"A silo's checkpoint under way did not finish within {LongestWait.TotalSeconds:0} s, so the backup could not hold its stores: take the backup again.",
                "Một máy chủ trong cụm đang bận lưu dữ liệu nên chưa sao lưu được. Bạn vui lòng sao lưu lại sau ít phút.");
        }
        var expiry = time.CreateTimer(_ => Release(backup), null, s_expiry, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            if (!_released.ContainsKey(backup) && _held.TryAdd(backup, (hold, expiry)))
                return;
        }
        expiry.Dispose();
        hold.Dispose();
    }

    /// <summary>Ends the hold of <paramref name="backup"/>, or lets it go as soon as it is taken if it is still to come.</summary>
    public void Release(Guid backup)
    {
        (IDisposable Hold, ITimer Expiry) held;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var old in _released.Where(r => r.Value < now).Select(r => r.Key).ToList())
                _released.Remove(old);
            _released[backup] = now + s_expiry;
            if (!_held.Remove(backup, out held))
                return;
        }
        held.Expiry.Dispose();
        held.Hold.Dispose();
    }

    /// <summary>Ends every hold (the activation closes: the backups holding through it will find it moved).</summary>
    public void Dispose()
    {
        Guid[] backups;
        lock (_lock)
            backups = [.. _held.Keys];
        foreach (var backup in backups)
            Release(backup);
    }
}
