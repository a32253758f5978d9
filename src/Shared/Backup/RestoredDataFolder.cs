namespace Tracing.Shared.Backup;

/// <summary>What <see cref="BackupFolder.Restore"/> wrote: the backup's files, into a storage root of its own.</summary>
/// <param name="Manifest">The backup's manifest: every file restored.</param>
/// <param name="NewRootId">The storage root's new id (null for a root from before partitions, which has none yet).</param>
public sealed record RestoredDataFolder(BackupManifest Manifest, string? NewRootId);
