using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>SafetyService, defined by the contract and built in a later issue: every method answers UNIMPLEMENTED.</summary>
public sealed class SafetyGrpcService : SafetyService.SafetyServiceBase;
