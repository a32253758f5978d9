using System.Globalization;
using System.Text;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The coverage dashboard for district and province offices (<c>/bao-cao-bao-phu</c>): with the department's API key
/// (asked for on every query, never stored), a region's sub-regions on a day — least covered first — with a bar
/// chart of the share of venues that scanned and each one's 7-day trend.
/// </summary>
internal static class CoveragePage
{
    private const int BarWidth = 360;

    public static void Map(WebApplication app)
    {
        app.MapGet("/bao-cao-bao-phu", (HttpContext context) => Html.Page("Báo cáo bao phủ", Form("", ""), PortalSession.TokenOf(context) is not null));
        app.MapPost("/bao-cao-bao-phu", ShowAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (region, date, key) = (form["khu-vuc"].ToString().Trim(), form["ngay"].ToString().Trim(), form["khoa"].ToString().Trim());
        var body = new StringBuilder(Form(region, date));
        var request = new GetCoverageRequest { RegionCode = region };
        if (date.Length > 0)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return Html.Page("Báo cáo bao phủ", body.Append(Html.Notice("error", "Ngày phải có dạng năm-tháng-ngày, ví dụ 2021-08-15.")).ToString(), PortalSession.TokenOf(context) is not null);
            request.Date = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Html.VietnamOffset));
        }
        try
        {
            var report = await backend.Reports.GetCoverageAsync(request, PortalBackend.WithApiKey(key, context.RequestAborted));
            body.Append(Chart(report)).Append(Table(report));
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
        }
        return Html.Page("Báo cáo bao phủ", body.ToString(), PortalSession.TokenOf(context) is not null);
    }

    private static string Form(string region, string date) => $"""
        <h1>Báo cáo bao phủ quét mã QR</h1>
        <form method="post">
        <label>Khóa API của cơ quan y tế <input type="password" name="khoa" autocomplete="current-password" required></label>
        <label>Mã tỉnh hoặc quận/huyện <input name="khu-vuc" value="{Html.Encode(region)}" placeholder="79 hoặc 760"></label>
        <label>Ngày <input type="date" name="ngay" value="{Html.Encode(date)}"></label>
        <button>Xem báo cáo</button>
        </form>
        """;

    /// <summary>One bar per sub-region: the share of its registered venues that scanned on the day, least first.</summary>
    private static string Chart(GetCoverageResponse report)
    {
        if (report.Rows.Count == 0)
            return Html.Notice("ok", "Không có địa điểm nào trong khu vực này.");
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"Tỉ lệ địa điểm có quét mã\" viewBox=\"0 0 {BarWidth + 160} {(report.Rows.Count * 22) + 10}\" width=\"100%\" style=\"max-width:{BarWidth + 160}px\">");
        for (var i = 0; i < report.Rows.Count; i++)
        {
            var row = report.Rows[i];
            var share = row.VenuesRegistered == 0 ? 0 : (double)row.VenuesActive / row.VenuesRegistered;
            var y = 5 + (i * 22);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 14}\" font-size=\"12\">{Html.Encode(Label(row))}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect class=\"share\" data-region=\"{Html.Encode(row.RegionCode)}\" data-share=\"{share:F2}\" x=\"110\" y=\"{y}\" width=\"{Math.Max(1, share * BarWidth):F1}\" height=\"16\" fill=\"{(share < 0.5 ? "#c62828" : share < 0.8 ? "#d98e04" : "#1b8a3a")}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{115 + (share * BarWidth):F1}\" y=\"{y + 13}\" font-size=\"11\">{share:P0}</text>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string Table(GetCoverageResponse report)
    {
        var table = new StringBuilder("<table><thead><tr><th>Khu vực</th><th>Địa điểm</th><th>Có quét</th><th>Lượt quét</th><th>Người</th><th>Tờ khai</th><th>Tự đánh giá</th><th>7 ngày</th></tr></thead><tbody>");
        foreach (var row in report.Rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"<tr data-region=\"{Html.Encode(row.RegionCode)}\"><td>{Html.Encode(Label(row))}</td><td>{row.VenuesRegistered}</td><td>{row.VenuesActive}</td><td>{row.Scans}</td><td>{row.DistinctVisitors}</td><td>{row.Declarations}</td><td>{row.SafetyAssessments}</td><td>{Trend(row)}</td></tr>");
        }
        return table.Append("</tbody></table>").ToString();
    }

    private static string Label(CoverageRow row) => row.RegionName.Length > 0 ? $"{row.RegionCode} {row.RegionName}" : row.RegionCode;

    /// <summary>The 7-day scans as a small line (oldest on the left), with the numbers for screen readers.</summary>
    private static string Trend(CoverageRow row)
    {
        var most = Math.Max(1, row.DailyScans.DefaultIfEmpty(0).Max());
        var points = string.Join(' ', row.DailyScans.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{i * 12},{20 - (n * 18.0 / most):F1}")));
        return $"<svg class=\"trend\" width=\"76\" height=\"22\" role=\"img\" aria-label=\"{string.Join(", ", row.DailyScans)}\"><polyline points=\"{points}\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/></svg>";
    }
}
