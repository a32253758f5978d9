namespace Tracing.Server.Grpc;

/// <summary>
/// How large a request message may be. The largest legitimate one is a contact batch of 10,000 observations
/// (<see cref="Matching.Ledger.Contacts.MaxBatchSize"/>): 480,391 bytes with every field at its longest valid encoding,
/// about 430 KB as phones send it; every other request is a few kilobytes.
/// </summary>
public static class RequestLimits
{
    /// <summary>
    /// The largest request message the services read: 1 MiB, so the largest legitimate batch fits twice over.
    /// A larger one is refused with RESOURCE_EXHAUSTED naming this limit.
    /// </summary>
    public const int MaxMessageBytes = 1 << 20;

    /// <summary>
    /// What the gRPC layer buffers at most before the services see a message (gRPC's usual 4 MiB): anything larger is
    /// cut off unread with gRPC's own RESOURCE_EXHAUSTED, so a length prefix cannot make the server hold gigabytes.
    /// </summary>
    public const int TransportCapBytes = 4 << 20;
}
