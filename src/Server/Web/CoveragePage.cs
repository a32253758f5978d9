using System.Globalization;
using System.Text;
using Grpc.Core;
using Tracing.Matching.Regions;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The coverage dashboard for district and province offices (<c>/bao-cao-bao-phu</c>): with the department's API key
/// (asked for on every query, never stored), the region chosen from the Tỉnh/TP and Quận/Huyện lists (none for the
/// whole country), and a day in Vietnam, every sub-region by name — those without a venue first — charted and listed
/// with the region's totals, and the same as a CSV file for Excel.
/// </summary>
internal static class CoveragePage
{
    private const string Title = "Báo cáo bao phủ";
    private const string KeyField = "khoa", DayField = "ngay", ExportField = "xuat";

    /// <summary>How the order is decided, said once above the chart.</summary>
    private const string Measure = "Khu vực bao phủ thấp nhất đứng đầu: chưa có địa điểm nào đăng ký, rồi tỉ lệ địa điểm có quét mã trong ngày thấp nhất, rồi ít lượt quét nhất.";

    /// <summary>The page's own layout: the chart's rows, the table's scrolling box; the ward list is not asked for.</summary>
    private const string Style = """
        <style>
        .coverage-form .region-picker .field:nth-of-type(3){display:none}
        .coverage-form .actions{display:flex;flex-wrap:wrap;gap:.5rem}
        .coverage-form .actions button{margin-top:.7rem}
        .coverage-form .actions button.secondary{background:#fff;color:#0b5fa5;border:1px solid #0b5fa5}
        .coverage-chart{margin:1rem 0;padding:0}
        .coverage-chart .bar-row,.coverage-chart .axis{display:grid;grid-template-columns:minmax(0,14rem) minmax(0,1fr) 4.5rem;gap:.25rem .5rem;align-items:center;min-height:1.6rem}
        .coverage-chart .bar-label{font-size:.9rem;overflow-wrap:anywhere}
        .coverage-chart .track{position:relative;height:1rem;background:repeating-linear-gradient(90deg,transparent 0,transparent calc(var(--tick) - 1px),#ddd calc(var(--tick) - 1px),#ddd var(--tick));border-left:1px solid #888}
        .coverage-chart .track span{position:absolute;left:0;top:0;bottom:0}
        .coverage-chart .registered{background:#c5d5e6}
        .coverage-chart .share.low{background:#c62828}.coverage-chart .share.mid{background:#d98e04}.coverage-chart .share.high{background:#1b8a3a}
        .coverage-chart .bar-value{font-size:.85rem;text-align:right;white-space:nowrap}
        .coverage-chart .ticks{position:relative;height:1.2rem;font-size:.8rem;color:#444}
        .coverage-chart .ticks span{position:absolute;transform:translateX(-50%)}
        .coverage-chart .ticks span:first-child{transform:none}
        .coverage-chart .legend{font-size:.85rem;margin:.3rem 0}
        .coverage-chart .legend i{display:inline-block;width:.9rem;height:.9rem;vertical-align:middle;margin:0 .3rem 0 .6rem}
        @media (max-width:40rem){
          .coverage-chart .bar-row,.coverage-chart .axis{grid-template-columns:minmax(0,1fr) 4.5rem}
          .coverage-chart .bar-label{grid-column:1 / -1}
          .coverage-chart .axis .bar-label{display:none}
        }
        .table-scroll{overflow-x:auto;max-width:100%}
        .table-scroll table{min-width:44rem}
        .table-scroll td.number,.table-scroll th.number{text-align:right}
        .table-scroll tfoot td{font-weight:bold;background:#f1f5f9}
        </style>
        """;

    public static void Map(WebApplication app)
    {
        app.MapGet("/bao-cao-bao-phu", (HttpContext context) => Page(context, Form("", "", Today(), null), StatusCodes.Status200OK));
        app.MapPost("/bao-cao-bao-phu", ShowAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (province, district) = (form[RegionPicker.ProvinceField].ToString().Trim(), form[RegionPicker.DistrictField].ToString().Trim());
        var (date, key) = (form[DayField].ToString().Trim(), form[KeyField].ToString().Trim());
        if (RegionPicker.IsRefresh(form))
            return Page(context, Form(province, district, date, null), StatusCodes.Status200OK);
        var day = VietnamToday();
        if (date.Length > 0 && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Page(context, Form(province, district, date, null) + Html.Notice("error", "Ngày chưa đúng: bạn vui lòng chọn ngày trong lịch."), StatusCodes.Status400BadRequest);
        }
        var request = new GetCoverageRequest
        {
            RegionCode = district.Length > 0 ? district : province,
            Date = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Html.VietnamOffset)),
        };
        try
        {
            var report = await backend.Reports.GetCoverageAsync(request, PortalBackend.WithApiKey(key, context.RequestAborted));
            if (form[ExportField] == "csv")
                return Results.File(CoverageCsv.Bytes(report, day), "text/csv; charset=utf-8", CoverageCsv.FileName(report, day));
            return Page(context, Form(province, district, date, null) + Report(report, day), StatusCodes.Status200OK);
        }
        catch (RpcException failed)
        {
            // A refused region is shown beside the list it was chosen from.
            var errors = failed.InvalidFields().Where(f => f.Field == "region_code")
                .ToDictionary(_ => district.Length > 0 ? RegionPicker.DistrictField : RegionPicker.ProvinceField, f => f.Vietnamese);
            return Page(context, Form(province, district, date, errors) + Html.Failure(failed), StatusCodes.Status200OK);
        }
    }

    private static IResult Page(HttpContext context, string body, int status)
        => Html.Page(Title, Style + body + RegionPicker.Script, PortalSession.TokenOf(context) is not null, status);

    private static DateOnly VietnamToday() => Matching.VietnamTime.DayOf(DateTimeOffset.UtcNow);

    private static string Today() => VietnamToday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Form(string province, string district, string date, IReadOnlyDictionary<string, string>? errors) => $"""
        <h1>Báo cáo bao phủ quét mã QR</h1>
        <p>Chọn Tỉnh/TP để xem từng Quận/Huyện, chọn thêm Quận/Huyện để xem từng Phường/Xã; để trống cả hai để xem toàn quốc (khóa của Sở Y tế chỉ xem được tỉnh/thành phố của mình).</p>
        <form method="post" class="coverage-form">
        <label for="{KeyField}">Khóa API của cơ quan y tế</label>
        <input type="password" id="{KeyField}" name="{KeyField}" autocomplete="current-password" required>
        {RegionPicker.Render(province, district, "", errors, of: "cần báo cáo", required: false)}
        <label for="{DayField}">Ngày (giờ Việt Nam)</label>
        <input type="date" id="{DayField}" name="{DayField}" value="{Html.Encode(date)}">
        <div class="actions"><button>Xem báo cáo</button><button name="{ExportField}" value="csv" class="secondary">Tải về tệp CSV</button></div>
        </form>
        """;

    private static string Report(GetCoverageResponse report, DateOnly day)
    {
        var total = report.Total ?? new CoverageRow();
        var html = new StringBuilder();
        html.Append("<h2>").Append(Html.Encode(total.RegionName)).Append(" — ngày ").Append(day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)).Append(" (giờ Việt Nam)</h2>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"summary\">{total.VenuesActive} trên {total.VenuesRegistered} địa điểm có quét mã ({CoverageCsv.SharePercent(total)}%), {total.Scans} lượt quét, {total.DistinctVisitors} người, {total.Declarations} tờ khai y tế. {report.Rows.Count(r => r.VenuesRegistered == 0)} trên {report.Rows.Count} {Html.Encode(SubRegions(total.RegionCode))} chưa có địa điểm nào.</p>")
            .Append("<p>").Append(Html.Encode(Measure)).Append("</p>");
        return html.Append(Chart(report)).Append(Table(report)).ToString();
    }

    /// <summary>What the rows are: the country's provinces, a province's districts, a district's wards.</summary>
    private static string SubRegions(string regionCode) => AdministrativeRegions.Find(regionCode)?.Level switch
    {
        null => "tỉnh/thành phố",
        1 => "quận/huyện",
        _ => "phường/xã",
    };

    /// <summary>
    /// One bar per sub-region, every one of them, in the report's order: its registered venues (light) and those that
    /// scanned on the day (coloured by their share), on an axis of whole numbers of venues.
    /// </summary>
    private static string Chart(GetCoverageResponse report)
    {
        var most = report.Rows.Select(r => r.VenuesRegistered).DefaultIfEmpty(0).Max();
        var step = TickStep(most);
        var top = Math.Max(step, (most + step - 1) / step * step);
        var tick = string.Create(CultureInfo.InvariantCulture, $"{100.0 * step / top:0.###}%");
        var chart = new StringBuilder();
        chart.Append("<figure class=\"coverage-chart\" aria-label=\"Biểu đồ số địa điểm đã đăng ký và có quét mã của từng khu vực\">")
            .Append("<figcaption class=\"legend\">Số địa điểm:<i class=\"registered\" style=\"background:#c5d5e6\"></i>đã đăng ký")
            .Append("<i style=\"background:#1b8a3a\"></i>có quét mã trong ngày (màu đỏ: dưới 50%, vàng: dưới 80%, xanh: từ 80%)</figcaption>");
        Axis(chart, step, top);
        foreach (var row in report.Rows)
        {
            var share = row.VenuesRegistered == 0 ? 0 : (double)row.VenuesActive / row.VenuesRegistered;
            var level = share < 0.5 ? "low" : share < 0.8 ? "mid" : "high";
            chart.Append(CultureInfo.InvariantCulture, $"<div class=\"bar-row\" data-region=\"{Html.Encode(row.RegionCode)}\"><span class=\"bar-label\">{Html.Encode(row.RegionName)}</span>")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"track\" style=\"--tick:{tick}\"><span class=\"registered\" style=\"width:{100.0 * row.VenuesRegistered / top:0.##}%\"></span>")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"share {level}\" data-region=\"{Html.Encode(row.RegionCode)}\" data-share=\"{share:F2}\" style=\"width:{100.0 * row.VenuesActive / top:0.##}%\"></span></span>")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"bar-value\">{row.VenuesActive}/{row.VenuesRegistered}</span></div>");
        }
        Axis(chart, step, top);
        return chart.Append("</figure>").ToString();
    }

    private static void Axis(StringBuilder chart, long step, long top)
    {
        chart.Append("<div class=\"axis\" aria-hidden=\"true\"><span class=\"bar-label\"></span><span class=\"ticks\">");
        for (var value = 0L; value <= top; value += step)
            chart.Append(CultureInfo.InvariantCulture, $"<span class=\"tick\" style=\"left:{100.0 * value / top:0.##}%\">{value}</span>");
        chart.Append("</span><span></span></div>");
    }

    /// <summary>A whole-number step giving at most 5 ticks: 1, 2, 5, 10, 20, 50, ...</summary>
    private static long TickStep(long most)
    {
        for (long scale = 1; ; scale *= 10)
        {
            foreach (var step in new[] { scale, 2 * scale, 5 * scale })
            {
                if (most <= step * 5)
                    return step;
            }
        }
    }

    private static string Table(GetCoverageResponse report)
    {
        var table = new StringBuilder("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Bảng bao phủ theo khu vực\"><table><thead><tr>")
            .Append("<th>Khu vực</th><th class=\"number\">Địa điểm</th><th class=\"number\">Có quét</th><th class=\"number\">Tỉ lệ</th><th class=\"number\">Lượt quét</th><th class=\"number\">Số người</th><th class=\"number\">Tờ khai</th><th class=\"number\">Tự đánh giá</th><th>7 ngày</th>")
            .Append("</tr></thead><tbody>");
        foreach (var row in report.Rows)
            table.Append(CultureInfo.InvariantCulture, $"<tr data-region=\"{Html.Encode(row.RegionCode)}\">").Append(Cells(row, Html.Encode(row.RegionName))).Append("</tr>");
        table.Append("</tbody>");
        if (report.Total is { } total)
            table.Append("<tfoot><tr class=\"total\">").Append(Cells(total, "Tổng cộng")).Append("</tr></tfoot>");
        return table.Append("</table></div>").ToString();
    }

    private static string Cells(CoverageRow row, string name) => string.Create(
        CultureInfo.InvariantCulture,
        $"<td>{name}</td><td class=\"number\">{row.VenuesRegistered}</td><td class=\"number\">{row.VenuesActive}</td><td class=\"number\">{CoverageCsv.SharePercent(row)}%</td><td class=\"number\">{row.Scans}</td><td class=\"number\">{row.DistinctVisitors}</td><td class=\"number\">{row.Declarations}</td><td class=\"number\">{row.SafetyAssessments}</td><td>{Trend(row)}</td>");

    /// <summary>The 7-day scans as a small line (oldest on the left), with the numbers for screen readers.</summary>
    private static string Trend(CoverageRow row)
    {
        var most = Math.Max(1, row.DailyScans.DefaultIfEmpty(0).Max());
        var points = string.Join(' ', row.DailyScans.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{i * 12},{20 - (n * 18.0 / most):F1}")));
        return $"<svg class=\"trend\" width=\"76\" height=\"22\" role=\"img\" aria-label=\"Lượt quét 7 ngày: {string.Join(", ", row.DailyScans)}\"><polyline points=\"{points}\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/></svg>";
    }
}
