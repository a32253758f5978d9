namespace Tracing.Cluster;

/// <summary>A call reached a partition's activation while it was closing (moving to another silo); the caller tries again.</summary>
[GenerateSerializer]
[Alias("tracing.PartitionClosing")]
public sealed class PartitionClosingException(string message) : Exception(message);
