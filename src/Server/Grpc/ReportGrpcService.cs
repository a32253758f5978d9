using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>ReportService, defined by the contract and built in a later issue: every method answers UNIMPLEMENTED.</summary>
public sealed class ReportGrpcService : ReportService.ReportServiceBase;
