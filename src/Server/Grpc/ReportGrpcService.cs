using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.V1;
using EngineRow = Tracing.Matching.Reports.CoverageRow;

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
            RequireWithin(caller.Province, region);
        var now = time.GetUtcNow();
        var date = ProtoMapping.Optional(request.Date, "date") ?? now;
        // A day in Vietnam may be a day ahead of UTC's; anything later has nothing to count yet.
        if (date > now + TimeSpan.FromDays(1))
        {
            throw new TracingException([new FieldRefusal(
                "date",
                $"date {date:yyyy-MM-dd} is in the future: coverage is counted up to today; leave date out for today.",
                $"Ngày {date:dd/MM/yyyy} chưa đến: báo cáo chỉ tính đến hôm nay.")]);
        }
        var coverage = engine.Coverage.For(region, VietnamTime.DayOf(date));
        var response = new GetCoverageResponse { Total = ToProto(coverage.Total) };
        response.Rows.AddRange(coverage.Rows.Select(ToProto));
        return Task.FromResult(response);
    }

    /// <summary>A provincial department reads its province, or one of its districts; never the country or another province.</summary>
    private static void RequireWithin(string province, string region)
    {
        var own = AdministrativeRegions.NameOf(province);
        var unit = AdministrativeRegions.Find(region);
        var inProvince = unit switch
        {
            null => region.Length > 0, // not a unit at all: the report refuses it as invalid
            { Level: 1 } => unit.Code == province,
            _ => unit.ParentCode == province || AdministrativeRegions.Find(unit.ParentCode)?.ParentCode == province,
        };
        if (inProvince)
            return;
        throw new TracingException(
            TracingError.PermissionDenied,
            region.Length == 0
                ? $"Your key covers province {province} ({own}): give region_code {province} (its districts) or one of its district codes (its wards)."
                : $"Your key may read province {province} ({own}) only; {region} ({unit!.Name}) lies outside it.",
            region.Length == 0
                ? $"Khóa của bạn chỉ xem được {own}: bạn vui lòng chọn {own} hoặc một Quận/Huyện của tỉnh/thành phố này."
                : $"Khóa của bạn chỉ xem được {own}; {unit!.Name} không thuộc {own}.");
    }

    private static CoverageRow ToProto(EngineRow row) => new()
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
    };
}
