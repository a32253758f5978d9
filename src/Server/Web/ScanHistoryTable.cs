using System.Globalization;
using System.Text;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Server.CheckIn;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The one home for how scan rows look in the portal (the history across my venues and one venue's page): a table
/// that becomes one card per scan on a phone, visitors who need checking marked in words and colour, "Trang sau" for
/// the next page; and the CSV download of the same filter.
/// </summary>
internal static class ScanHistoryTable
{
    /// <summary>The page-specific CSS of the history (filters, rows, cards on a narrow screen, marks); once per page.</summary>
    public const string Style = """
        <style>
        .loc-lich-su{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}
        .loc-lich-su>div{flex:1 1 12rem;min-width:0}
        .loc-lich-su .nut{flex:0 0 auto}
        .loi-truong{display:block;color:#b00020;font-size:.9rem}
        .goi-y{color:#555;font-size:.9rem;margin:.3rem 0}
        .bang-lich-su{overflow-x:auto;max-width:100%}
        table.lich-su td.thoi-gian{white-space:nowrap}
        table.lich-su td.khach{min-width:8rem}
        table.lich-su tr.can-kiem-tra{background:#fff8e1}
        table.lich-su tr.khong-cho-vao{background:#fdecea}
        .sl{display:inline-block;padding:0 .4rem;border-radius:3px;font-weight:bold}
        .sl-xanh{color:#1e6b34}
        .sl-vang{background:#f9ab00;color:#1b1b1b}
        .sl-do{background:#b00020;color:#fff}
        .phu{display:block;color:#555;font-size:.9rem}
        @media (max-width:700px){
          table.lich-su,table.lich-su tbody,table.lich-su tr,table.lich-su td{display:block;width:auto}
          table.lich-su thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
          table.lich-su tr{border:1px solid #ccc;border-radius:6px;margin:0 0 .8rem;padding:.4rem .6rem}
          table.lich-su tr.can-kiem-tra{border-left:6px solid #f9ab00}
          table.lich-su tr.khong-cho-vao{border-left:6px solid #b00020}
          table.lich-su td{border:0;padding:.15rem 0;overflow-wrap:anywhere}
          table.lich-su td.thoi-gian{white-space:normal}
          table.lich-su td::before{content:attr(data-nhan) ": ";font-weight:bold}
          table.lich-su td.trong{display:none}
        }
        </style>
        """;

    /// <summary>
    /// Lists a page of the history the request asks for into <paramref name="body"/> (a refusal is shown in its
    /// place): the table with id <c>lich-su</c>, or a sentence when no scan matches, and the links to the next and the
    /// first page. <paramref name="showVenue"/> adds the venue's column (the history across venues).
    /// </summary>
    public static async Task AppendAsync(StringBuilder body, PortalBackend backend, CallOptions call, ListScanHistoryRequest request, string self, ScanHistoryFilter filter, bool showVenue)
    {
        var records = new List<ScanRecord>();
        var next = "";
        try
        {
            using var history = backend.CheckIn.ListScanHistory(request, call);
            await foreach (var item in history.ResponseStream.ReadAllAsync(call.CancellationToken))
            {
                records.Add(item.Scan);
                next = item.NextPageToken;
            }
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
            return;
        }
        if (records.Count == 0)
        {
            body.Append("<p>Chưa có lượt quét nào khớp bộ lọc.</p>");
        }
        else
        {
            Append(body, records, showVenue);
        }
        var withVenue = showVenue;
        if (next.Length > 0 || filter.Page.Length > 0)
        {
            body.Append("<p class=\"trang\">");
            if (filter.Page.Length > 0)
                body.Append("<a href=\"").Append(Html.Encode(self + filter.QueryWithoutPage(withVenue))).Append("\">Về trang đầu</a> ");
            if (next.Length > 0)
                body.Append("<a href=\"").Append(Html.Encode(self + filter.QueryOfNextPage(next, withVenue))).Append("\">Trang sau</a>");
            body.Append("</p>");
        }
    }

    /// <summary>The rows as a table (<c>#lich-su</c>), newest first as the API gives them.</summary>
    public static void Append(StringBuilder body, IEnumerable<ScanRecord> records, bool showVenue)
    {
        body.Append("<div class=\"bang-lich-su\"><table id=\"lich-su\" class=\"lich-su\"><thead><tr><th scope=\"col\">").Append(TimeLabel).Append("</th>");
        if (showVenue)
            body.Append("<th scope=\"col\">Địa điểm</th>");
        body.Append("<th scope=\"col\">Khách</th><th scope=\"col\">Năm sinh</th><th scope=\"col\">Chiều</th><th scope=\"col\">Cách quét</th><th scope=\"col\">Tờ khai y tế</th><th scope=\"col\">Sàng lọc y tế</th></tr></thead><tbody>");
        foreach (var r in records)
            AppendRow(body, r, showVenue);
        body.Append("</tbody></table></div>");
    }

    private const string TimeLabel = "Thời gian (giờ Việt Nam)";

    private static void AppendRow(StringBuilder body, ScanRecord r, bool showVenue)
    {
        var mark = r.Screening == ScreeningLevel.Red ? "khong-cho-vao" : ScanWords.NeedsChecking(r) ? "can-kiem-tra" : "";
        body.Append(mark.Length > 0 ? $"<tr class=\"{mark}\">" : "<tr>");
        Cell(body, TimeLabel, Html.Clock(r.ScannedAt.ToDateTimeOffset()), "thoi-gian");
        if (showVenue)
            Cell(body, "Địa điểm", Html.Encode(r.VenueName));
        var visitor = Html.Encode(r.VisitorName) + (r.VisitorPhone.Length > 0 ? $"<span class=\"phu\">{Html.Encode(r.VisitorPhone)}</span>" : "");
        Cell(body, "Khách", visitor, "khach");
        Cell(body, "Năm sinh", r.VisitorBirthYear == 0 ? "" : r.VisitorBirthYear.ToString(CultureInfo.InvariantCulture));
        Cell(body, "Chiều", ScanWords.Direction(r.Direction));
        Cell(body, "Cách quét", ScanWords.Method(r.Method));
        var status = Html.Encode(ScanWords.Status(r.Status))
            + (r.FlaggedForReview ? $" <span class=\"flag\">{Html.Encode(ScanWords.Flag(r))}</span>" : "");
        Cell(body, "Tờ khai y tế", status);
        Cell(body, "Sàng lọc y tế", Screening(r.Screening));
    }

    /// <summary>A screening as a coloured mark with its words (colour is never the only sign).</summary>
    private static string Screening(ScreeningLevel level)
    {
        var words = Html.Encode(ScanWords.Screening(level));
        return level switch
        {
            ScreeningLevel.Green => $"<span class=\"sl sl-xanh\">{words}</span>",
            ScreeningLevel.Yellow => $"<span class=\"sl sl-vang\">{words}</span>",
            ScreeningLevel.Red => $"<span class=\"sl sl-do\">{words}</span>",
            _ => "",
        };
    }

    private static void Cell(StringBuilder body, string label, string html, string cssClass = "")
    {
        var classes = (cssClass + (html.Length == 0 ? " trong" : "")).Trim();
        body.Append("<td data-nhan=\"").Append(Html.Encode(label)).Append('"');
        if (classes.Length > 0)
            body.Append(" class=\"").Append(classes).Append('"');
        body.Append('>').Append(html).Append("</td>");
    }

    /// <summary>
    /// The CSV of the export request as a download named <c>lich-su-quet[-name]-yyyy-MM-dd.csv</c> (today in Vietnam),
    /// passed on chunk by chunk as the API sends it; a refusal (which comes before the first chunk) as a page leading
    /// <paramref name="back"/>.
    /// </summary>
    public static async Task<IResult> DownloadAsync(HttpContext context, PortalBackend backend, string token, ExportScanHistoryRequest request, string namePart, string back)
    {
        var export = backend.CheckIn.ExportScanHistory(request, PortalBackend.As(token, context.RequestAborted));
        try
        {
            if (!await export.ResponseStream.MoveNext(context.RequestAborted))
            {
                export.Dispose();
                return Results.File(Array.Empty<byte>(), "text/csv; charset=utf-8", FileName(namePart));
            }
        }
        catch (RpcException failed)
        {
            export.Dispose();
            var page = "<h1>Xuất lịch sử quét</h1>" + Html.Failure(failed) + $"<p><a href=\"{Html.Encode(back)}\">Quay lại lịch sử quét</a></p>";
            return Html.Page("Xuất lịch sử quét", page, signedIn: true, failed.StatusCode switch { StatusCode.PermissionDenied => StatusCodes.Status403Forbidden, StatusCode.NotFound => StatusCodes.Status404NotFound, _ => StatusCodes.Status200OK });
        }
        return Results.Stream(
            async body =>
            {
                using (export)
                {
                    do
                    {
                        await body.WriteAsync(export.ResponseStream.Current.Chunk.Memory, context.RequestAborted);
                    }
                    while (await export.ResponseStream.MoveNext(context.RequestAborted));
                }
            },
            "text/csv; charset=utf-8",
            FileName(namePart));
    }

    private static string FileName(string namePart)
    {
        var today = VietnamTime.DayOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return namePart.Length > 0 ? $"lich-su-quet-{namePart}-{today}.csv" : $"lich-su-quet-{today}.csv";
    }
}
