using System.Globalization;
using System.Text;
using Grpc.Core;
using Tracing.Matching.Regions;
using Tracing.V1;
using SafetyChecklist = Tracing.Matching.Safety.SafetyChecklist;

namespace Tracing.Server.Web;

/// <summary>
/// The public safety map (<c>/ban-do-an-toan?tinh=79</c>, narrowed to a district with <c>&amp;huyen=760</c>): a region's
/// facilities drawn by position and coloured by their safety status (an SVG of the coordinates, no tile server), with
/// counts, the facilities that must suspend called out with what they lack, and a list. Anyone may look.
/// </summary>
internal static class SafetyMapPage
{
    private const int Width = 640;
    private const int Height = 420;

    private static readonly Dictionary<SafetyStatus, (string Css, string Label, string Colour)> Statuses = new()
    {
        [SafetyStatus.Safe] = ("safe", "An toàn", "#1b8a3a"),
        [SafetyStatus.AtRisk] = ("at-risk", "Có nguy cơ", "#d98e04"),
        [SafetyStatus.Unsafe] = ("unsafe", "Phải tạm dừng", "#c62828"),
        [SafetyStatus.Stale] = ("stale", "Quá hạn đánh giá", "#757575"),
        [SafetyStatus.Unspecified] = ("unassessed", "Chưa đánh giá", "#b0bec5"),
    };

    public static void Map(WebApplication app) => app.MapGet("/ban-do-an-toan", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        var province = context.Request.Query["tinh"].ToString();
        var district = context.Request.Query["huyen"].ToString().Trim();
        var body = new StringBuilder("<h1>Bản đồ an toàn COVID-19</h1>");
        body.Append("<form method=\"get\"><label>Tỉnh, thành phố <select name=\"tinh\">");
        foreach (var (code, name) in AdministrativeRegions.ProvinceNames.OrderBy(p => p.Key, StringComparer.Ordinal))
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{code}\"{(code == province ? " selected" : "")}>{Html.Encode(name)}</option>");
        body.Append(CultureInfo.InvariantCulture, $"</select></label> <label>Mã quận, huyện (không bắt buộc) <input name=\"huyen\" inputmode=\"numeric\" size=\"4\" value=\"{Html.Encode(district)}\"></label> <button>Xem</button></form>");
        if (province.Length == 0)
            return Html.Page("Bản đồ an toàn", body.Append("<p>Chọn một tỉnh để xem các cơ sở và mức an toàn tự đánh giá hằng ngày.</p>").ToString(), PortalSession.TokenOf(context) is not null);
        try
        {
            var facilities = new List<QuerySafetyMapResponse>();
            using var call = backend.Safety.QuerySafetyMap(new QuerySafetyMapRequest { RegionCode = district.Length > 0 ? district : province }, cancellationToken: context.RequestAborted);
            await foreach (var facility in call.ResponseStream.ReadAllAsync(context.RequestAborted))
                facilities.Add(facility);
            body.Append(Counts(facilities)).Append(MustSuspend(facilities)).Append(Plot(facilities)).Append(List(facilities));
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
        }
        return Html.Page("Bản đồ an toàn", body.ToString(), PortalSession.TokenOf(context) is not null);
    }

    private static string Counts(List<QuerySafetyMapResponse> facilities)
    {
        var counts = new StringBuilder("<ul class=\"legend\">");
        foreach (var (status, (css, label, colour)) in Statuses)
            counts.Append(CultureInfo.InvariantCulture, $"<li data-status=\"{css}\"><span style=\"color:{colour}\">●</span> {label}: <strong>{facilities.Count(f => f.Status == status)}</strong></li>");
        return counts.Append("</ul>").ToString();
    }

    /// <summary>The facilities whose last assessment says they must suspend, each with the measures it lacks.</summary>
    private static string MustSuspend(List<QuerySafetyMapResponse> facilities)
    {
        var suspended = facilities.Where(f => f.Status == SafetyStatus.Unsafe).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (suspended.Count == 0)
            return "";
        var section = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<section class=\"must-suspend\"><h2>{suspended.Count} cơ sở phải tạm dừng hoạt động</h2><ul>");
        foreach (var facility in suspended)
            section.Append(CultureInfo.InvariantCulture, $"<li data-venue=\"{Html.Encode(facility.VenueId)}\"><strong>{Html.Encode(facility.Name)}</strong> ({facility.Score} điểm) — còn thiếu: {Html.Encode(MissingLabels(facility))}</li>");
        return section.Append("</ul></section>").ToString();
    }

    /// <summary>What a facility's last assessment found missing, in the words of its checklist.</summary>
    private static string MissingLabels(QuerySafetyMapResponse facility)
    {
        var labels = SafetyChecklist.For(facility.Category).ToDictionary(item => item.Key, item => item.Label, StringComparer.Ordinal);
        return string.Join("; ", facility.MissingItems.Select(key => labels.GetValueOrDefault(key, key)));
    }

    /// <summary>Facilities with a position, on the rectangle their coordinates span (a margin around; north up).</summary>
    private static string Plot(List<QuerySafetyMapResponse> facilities)
    {
        var placed = facilities.Where(f => f.HasLatitude && f.HasLongitude).ToList();
        if (placed.Count == 0)
            return "<p>Chưa có cơ sở nào ghi toạ độ.</p>";
        var (south, north) = Span(placed.Select(f => f.Latitude));
        var (west, east) = Span(placed.Select(f => f.Longitude));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"Bản đồ các cơ sở\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" style=\"max-width:{Width}px;border:1px solid #ccc;background:#f7f9fb\">");
        foreach (var facility in placed)
        {
            var (css, label, colour) = Statuses[facility.Status];
            var x = 20 + ((facility.Longitude - west) / (east - west) * (Width - 40));
            var y = 20 + ((north - facility.Latitude) / (north - south) * (Height - 40));
            svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"facility {css}\" data-venue=\"{Html.Encode(facility.VenueId)}\" cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"7\" fill=\"{colour}\"><title>{Html.Encode(facility.Name)} — {label}</title></circle>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static (double Low, double High) Span(IEnumerable<double> values)
    {
        var list = values.ToList();
        var (low, high) = (list.Min(), list.Max());
        var margin = Math.Max((high - low) * 0.05, 0.005);
        return (low - margin, high + margin);
    }

    private static string List(List<QuerySafetyMapResponse> facilities)
    {
        var table = new StringBuilder("<table><thead><tr><th>Cơ sở</th><th>Mức</th><th>Điểm</th><th>Còn thiếu</th><th>Góp ý</th><th>Đánh giá lúc</th></tr></thead><tbody>");
        foreach (var facility in facilities.OrderBy(f => f.Status == SafetyStatus.Unsafe ? 0 : 1).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            var (css, label, _) = Statuses[facility.Status];
            table.Append(CultureInfo.InvariantCulture, $"<tr data-status=\"{css}\"><td>{Html.Encode(facility.Name)}</td><td>{label}</td><td>{(facility.AssessedAt is null ? "" : facility.Score.ToString(CultureInfo.InvariantCulture))}</td><td>{Html.Encode(MissingLabels(facility))}</td><td>{facility.FeedbackCount}</td><td>{(facility.AssessedAt is { } at ? Html.Time(at.ToDateTimeOffset()) : "")}</td></tr>");
        }
        return table.Append("</tbody></table>").ToString();
    }
}
