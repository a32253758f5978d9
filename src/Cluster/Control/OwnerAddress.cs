namespace Tracing.Cluster.Control;

/// <summary>Where a silo serves: its gRPC and web base addresses as other silos reach them.</summary>
/// <param name="GrpcUrl">The gRPC port's base address (HTTP/2 without TLS), e.g. <c>http://10.0.0.5:5000</c>.</param>
/// <param name="WebUrl">The web port's base address (HTTP/1.1), e.g. <c>http://10.0.0.5:5080</c>.</param>
/// <param name="Storage">The storage root it opened: the root's id and partition count (<c>id/count</c>), the same on every silo of one cluster.</param>
[GenerateSerializer]
[Alias("tracing.OwnerAddress")]
public sealed record OwnerAddress([property: Id(0)] string GrpcUrl, [property: Id(1)] string WebUrl, [property: Id(2)] string Storage);
