using System.Text;
using Grpc.Core;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The scan history on a venue's page: the filters of "Lịch sử quét mã QR" without the venue drop-down, the same
/// rows (<see cref="ScanHistoryTable"/>), and the CSV of the venue at <c>/dia-diem/{venueId}/lich-su.csv</c>.
/// </summary>
internal static class VenueHistorySection
{
    /// <summary>Appends the section for <paramref name="venue"/> to the page at <paramref name="self"/>.</summary>
    public static async Task AppendAsync(StringBuilder body, PortalBackend backend, CallOptions call, Venue venue, string self, IQueryCollection query)
    {
        var filter = ScanHistoryFilter.Of(query) with { VenueId = "" };
        var problems = filter.Problems();
        body.Append(ScanHistoryTable.Style).Append("<h2 id=\"lich-su-quet\">Lịch sử quét</h2>")
            .Append(filter.Form(self, venues: null, problems));
        if (problems.Count > 0)
        {
            body.Append(Html.Notice("error", "Bộ lọc chưa đúng: xem thông báo bên cạnh ô ngày."));
            return;
        }
        body.Append("<p><a href=\"").Append(Html.Encode(self + "/lich-su.csv" + filter.QueryWithoutPage(withVenue: false))).Append("\" download>Xuất CSV (mở bằng Excel)</a> · ")
            .Append("<a href=\"").Append(HistoryViews.VenuesPath).Append("\">Lịch sử của mọi địa điểm</a></p>");
        await ScanHistoryTable.AppendAsync(body, backend, call, filter.ToListRequest(venue.VenueId), self, filter, showVenue: false);
    }

    /// <summary>The venue's history as a CSV file named after its code and today (Vietnam).</summary>
    public static async Task<IResult> ExportAsync(HttpContext context, PortalBackend backend, string venueId)
    {
        var self = $"/dia-diem/{Uri.EscapeDataString(venueId)}";
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(self);
        var filter = ScanHistoryFilter.Of(context.Request.Query) with { VenueId = "" };
        if (filter.Problems().Count > 0)
            return Results.Redirect(self + context.Request.QueryString);
        var name = VenueCode.TryRead(venueId, out var code, out _) ? VenueCode.Display(code) : "";
        return await ScanHistoryTable.DownloadAsync(context, backend, token, filter.ToExportRequest(venueId), name, self);
    }
}
