using Google.Protobuf;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// ASP.NET Core routing ignores the case of a gRPC path, so <c>/TRACING.V1.SafetyService/querysafetymap</c> reaches
/// QuerySafetyMap. What a caller may do is decided by the method the call is bound to, never by the string it sent:
/// a case variant opens nothing the canonical path does not, and closes nothing it opens.
/// </summary>
public sealed class PathCaseTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    private static (string, string) PartnerKey => ("x-api-key", ServerProcess.PartnerKey);

    [Theory]
    [InlineData("/TRACING.V1.SafetyService/QuerySafetyMap")]
    [InlineData("/Tracing.v1.SafetyService/querysafetymap")]
    [InlineData("/TRACING.V1.REPORTSERVICE/GETCOVERAGE")]
    public async Task A_partner_key_cannot_reach_another_method_through_a_case_variant(string path)
    {
        using var raw = new RawGrpc(Server.GrpcAddress);
        var body = path.Contains("SAFETY", StringComparison.OrdinalIgnoreCase)
            ? new QuerySafetyMapRequest { RegionCode = "79" }.ToByteArray()
            : new GetCoverageRequest { RegionCode = "79" }.ToByteArray();

        var answer = await raw.CallAsync(path, RawGrpc.Frame(body), PartnerKey);

        Assert.Equal(StatusCode.PermissionDenied, answer.Status);
        Assert.Contains("A partner key opens exposure notifications only", answer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partner_key_reaches_its_notifications_through_a_case_variant()
    {
        using var raw = new RawGrpc(Server.GrpcAddress);

        var answer = await raw.CallAsync("/tracing.v1.exposureservice/fetchnotifications", RawGrpc.Frame(new FetchNotificationsRequest { MaxResults = 1 }.ToByteArray()), PartnerKey);

        Assert.Equal(StatusCode.OK, answer.Status);
    }
}
