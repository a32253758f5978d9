using Tracing.Matching.Backup;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// The backups holding this silo's store upkeep through one partition's activation, by backup id. A hold ends when the
/// owner releases it, when the activation closes, or after <see cref="StoreBackup.LongestCopy"/> and a minute more on
/// its own, should the owner have died mid-copy.
/// </summary>
internal sealed class UpkeepHolds(TimeProvider time) : IDisposable
{
    private static readonly TimeSpan s_expiry = StoreBackup.LongestCopy + TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, (IDisposable Hold, ITimer Expiry)> _held = [];

    /// <summary>Holds the upkeep for <paramref name="backup"/> (once: a repeated call keeps the first hold).</summary>
    public async Task HoldAsync(Guid backup)
    {
        lock (_lock)
        {
            if (_held.ContainsKey(backup))
                return;
        }
        var hold = await StoreBackup.HoldUpkeepAsync(CancellationToken.None).ConfigureAwait(false);
        var expiry = time.CreateTimer(_ => Release(backup), null, s_expiry, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            if (_held.TryAdd(backup, (hold, expiry)))
                return;
        }
        expiry.Dispose();
        hold.Dispose();
    }

    /// <summary>Ends the hold of <paramref name="backup"/>, if there is one.</summary>
    public void Release(Guid backup)
    {
        (IDisposable Hold, ITimer Expiry) held;
        lock (_lock)
        {
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
