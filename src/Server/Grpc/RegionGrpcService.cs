using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>RegionService: the administrative units of 2021 for clients' drop-downs, open to anyone (no sign-in).</summary>
public sealed class RegionGrpcService : RegionService.RegionServiceBase
{
    /// <inheritdoc />
    public override Task<ListRegionsResponse> ListRegions(ListRegionsRequest request, ServerCallContext context)
    {
        var parent = request.ParentCode.Trim();
        if (parent.Length > 0 && AdministrativeRegions.Find(parent) is null)
        {
            throw new TracingException(
                TracingError.NotFound,
                $"parent_code '{parent}' is not a unit of 2021: leave it empty for the provinces, or give a province (2 digits) or district (3 digits) code from an earlier answer.",
                $"Không có đơn vị hành chính mã \"{parent}\" trong danh mục năm 2021.");
        }
        var response = new ListRegionsResponse();
        foreach (var unit in AdministrativeRegions.ChildrenOf(parent))
            response.Regions.Add(new Region { Code = unit.Code, Name = unit.Name, Type = unit.Type, Level = unit.Level, ParentCode = unit.ParentCode });
        return Task.FromResult(response);
    }
}
