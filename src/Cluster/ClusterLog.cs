using Microsoft.Extensions.Logging;

namespace Tracing.Cluster;

/// <summary>The cluster's log messages (source-generated).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(100, LogLevel.Information, "Partition {Partition} opened on this silo in {Milliseconds:F0} ms")]
    public static partial void PartitionOpened(ILogger logger, int partition, double milliseconds);

    [LoggerMessage(101, LogLevel.Information, "Partition {Partition} closed on this silo ({Reason})")]
    public static partial void PartitionClosed(ILogger logger, int partition, string reason);

    [LoggerMessage(102, LogLevel.Information, "This silo owns the control store now (gRPC {GrpcUrl}, web {WebUrl}); opened in {Milliseconds:F0} ms")]
    public static partial void BecameOwner(ILogger logger, string grpcUrl, string webUrl, double milliseconds);

    [LoggerMessage(103, LogLevel.Information, "This silo no longer owns the control store ({Reason})")]
    public static partial void OwnershipReleased(ILogger logger, string reason);

    [LoggerMessage(112, LogLevel.Critical, "The control store left this silo while it ran ({Reason}); this silo stops (exit code 75) so that it starts afresh: its services hold the engine it closed. Start it again (a supervisor with Restart=on-failure does)")]
    public static partial void StoppingAfterLoss(ILogger logger, string reason);

    [LoggerMessage(104, LogLevel.Information, "Silo ready: {Partitions} partitions active in the cluster, control store owned by {OwnerGrpcUrl} (this silo: {SelfGrpcUrl})")]
    public static partial void SiloReady(ILogger logger, int partitions, string ownerGrpcUrl, string selfGrpcUrl);

    [LoggerMessage(108, LogLevel.Information, "Membership changed (version {Version}): every partition is active again, control store owned by {OwnerGrpcUrl}")]
    public static partial void Reactivated(ILogger logger, long version, string ownerGrpcUrl);

    [LoggerMessage(110, LogLevel.Information, "Partition {Partition} moves to {Silo}, where it belongs now")]
    public static partial void PartitionMoving(ILogger logger, int partition, string silo);

    [LoggerMessage(105, LogLevel.Warning, "Activating the partitions or the control store from this silo failed; trying again in a second")]
    public static partial void StartRetrying(ILogger logger, Exception exception);

    [LoggerMessage(106, LogLevel.Warning, "Forwarding {Path} to the owner at {Owner} failed ({Error}); looking the owner up again")]
    public static partial void ForwardFailed(ILogger logger, string path, string owner, string error, Exception? exception);

    [LoggerMessage(109, LogLevel.Warning, "Forwarding {Path} to the owner at {Owner} failed ({Error}) and cannot be tried again")]
    public static partial void ForwardGaveUp(ILogger logger, string path, string owner, string error, Exception? exception);

    [LoggerMessage(107, LogLevel.Error, "No owner of the control store could be reached for {Path}; answered unavailable")]
    public static partial void OwnerUnreachable(ILogger logger, string path, Exception? exception);

    [LoggerMessage(111, LogLevel.Critical, "This silo's storage root is {Mine}, the control store's owner's is {Owners} (root id/partition count): a silo must mount the cluster's own root. Leaving the cluster")]
    public static partial void WrongStorageRoot(ILogger logger, string mine, string owners);
}
