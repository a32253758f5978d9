using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>ReportService: roll-out coverage for health departments (a provincial one sees its province).</summary>
public sealed class ReportGrpcService(TracingEngine engine, TimeProvider time) : ReportService.ReportServiceBase
{
    /// <inheritdoc />
    public override Task<GetCoverageResponse> GetCoverage(GetCoverageRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        caller.RequireHealthDepartment();
        var region = request.RegionCode.Trim();
        if (caller.Province.Length > 0)
        {
            if (region.Length == 0)
                throw new TracingException(TracingError.PermissionDenied, $"Your key covers province {caller.Province}: give region_code {caller.Province} (its districts) or one of its district codes (its wards).", $"Khoá truy cập của bạn chỉ xem được {AdministrativeRegions.NameOf(caller.Province)}: bạn hãy chọn tỉnh này hoặc một Quận/Huyện của tỉnh.");
            if (AdministrativeRegions.IsProvince(region) && region != caller.Province)
                throw new TracingException(TracingError.PermissionDenied, $"Your key may read province {caller.Province} only.", $"Khoá truy cập của bạn chỉ xem được {AdministrativeRegions.NameOf(caller.Province)}.");
        }
        var now = time.GetUtcNow();
        var date = ProtoMapping.Optional(request.Date, "date") ?? now;
        // A day in Vietnam may be a day ahead of UTC's; anything later has nothing to count yet.
        if (date > now + TimeSpan.FromDays(1))
            throw new TracingException(TracingError.InvalidArgument, $"date {date:yyyy-MM-dd} is in the future: coverage is counted up to today; leave date out for today.", "Ngày báo cáo nằm ở tương lai; bạn hãy chọn hôm nay hoặc một ngày đã qua.");
        var day = VietnamTime.DayOf(date);
        var response = new GetCoverageResponse();
        foreach (var row in engine.Coverage.For(region, day, caller.Province))
        {
            response.Rows.Add(new CoverageRow
            {
                RegionCode = row.RegionCode,
                RegionName = row.RegionName,
                VenuesRegistered = row.VenuesRegistered,
                VenuesActive = row.VenuesActive,
                Scans = row.Scans,
                DistinctVisitors = row.DistinctVisitors,
                Declarations = row.Declarations,
                SafetyAssessments = row.SafetyAssessments,
                DailyScans = { row.DailyScans },
            });
        }
        return Task.FromResult(response);
    }
}
