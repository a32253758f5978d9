using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>SafetyService, defined by the contract and built in a later release: every method says so.</summary>
public sealed class SafetyGrpcService : SafetyService.SafetyServiceBase
{
    private static RpcException NotYet(string method)
        => new(new Status(StatusCode.Unimplemented, $"SafetyService.{method} is not available on this server yet: the safety map arrives in a later release."));

    /// <inheritdoc />
    public override Task<SubmitSelfAssessmentResponse> SubmitSelfAssessment(SubmitSelfAssessmentRequest request, ServerCallContext context)
        => throw NotYet(nameof(SubmitSelfAssessment));

    /// <inheritdoc />
    public override Task<SubmitFeedbackResponse> SubmitFeedback(SubmitFeedbackRequest request, ServerCallContext context)
        => throw NotYet(nameof(SubmitFeedback));

    /// <inheritdoc />
    public override Task QuerySafetyMap(QuerySafetyMapRequest request, IServerStreamWriter<QuerySafetyMapResponse> responseStream, ServerCallContext context)
        => throw NotYet(nameof(QuerySafetyMap));
}
