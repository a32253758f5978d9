using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>ReportService, defined by the contract and built in a later release: every method says so.</summary>
public sealed class ReportGrpcService : ReportService.ReportServiceBase
{
    /// <inheritdoc />
    public override Task<GetCoverageResponse> GetCoverage(GetCoverageRequest request, ServerCallContext context)
        => throw new RpcException(new Status(StatusCode.Unimplemented, "ReportService.GetCoverage is not available on this server yet: coverage reports arrive in a later release."));
}
