namespace Tracing.Cluster;

/// <summary>
/// An activation found its store's lease (<see cref="FileLease"/>) held: the process of the previous activation has
/// not closed the store yet. The activation fails and the caller tries again.
/// </summary>
[GenerateSerializer]
[Alias("tracing.LeaseTaken")]
public sealed class LeaseTakenException(string message) : Exception(message);
