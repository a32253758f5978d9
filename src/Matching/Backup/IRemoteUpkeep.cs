namespace Tracing.Matching.Backup;

/// <summary>
/// Partitions kept open by other processes over the storage root this one reads (a cluster's silos): a backup must hold
/// their upkeep too, and learns afterwards whether one of them moved meanwhile.
/// </summary>
public interface IRemoteUpkeep
{
    /// <summary>
    /// Runs <paramref name="copy"/> while every process keeping a partition holds its stores' upkeep. Throws
    /// <see cref="TracingException"/> (<see cref="TracingError.Unavailable"/>) when a partition was closed or reopened
    /// meanwhile (its silo left or died, the cluster moved it): its files may then have been replaced under the copy.
    /// </summary>
    Task HoldWhileAsync(Func<Task> copy, CancellationToken cancellationToken);
}
