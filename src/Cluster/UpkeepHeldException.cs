namespace Tracing.Cluster;

/// <summary>
/// Upkeep the owner asked of a silo (a checkpoint, dropping expired days) while a backup copies that silo's stores:
/// transient, the owner tries again (<see cref="Partitions.TransientRetry"/>).
/// </summary>
[GenerateSerializer]
[Alias("tracing.UpkeepHeld")]
public sealed class UpkeepHeldException(string message) : Exception(message);
