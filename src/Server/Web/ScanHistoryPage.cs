using System.Text;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// "Lịch sử quét mã QR": the scans at every venue I manage (the API's own masking and access rules), filtered by
/// venue, Vietnam days and visitor, a page at a time, and the same filter as a CSV file.
/// </summary>
internal static class ScanHistoryPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet(HistoryViews.VenuesPath, ShowAsync);
        app.MapGet(HistoryViews.VenuesPath + ".csv", ExportAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(HistoryViews.VenuesPath + context.Request.QueryString);
        var call = PortalBackend.As(token, context.RequestAborted);
        var body = new StringBuilder();
        body.Append(ScanHistoryTable.Style).Append("<h1>Lịch sử quét mã QR</h1>").Append(HistoryViews.Switch(mine: false));
        IReadOnlyList<Venue> venues;
        try
        {
            venues = (await backend.Venues.ListMyVenuesAsync(new ListMyVenuesRequest(), call)).Venues;
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
            return Html.Page("Lịch sử quét mã QR", body.ToString(), signedIn: true);
        }
        if (venues.Count == 0)
        {
            body.Append("<p>Bạn chưa quản lý địa điểm nào, nên chưa có khách nào để xem. ")
                .Append("<a href=\"/dang-ky-dia-diem\">Đăng ký địa điểm</a> để in mã QR cho khách quét, ")
                .Append("hoặc xem <a href=\"").Append(HistoryViews.MinePath).Append("\">những nơi bạn đã đến</a>.</p>");
            return Html.Page("Lịch sử quét mã QR", body.ToString(), signedIn: true);
        }
        var filter = ScanHistoryFilter.Of(context.Request.Query);
        var problems = filter.Problems();
        body.Append("<p>Khách đã quét mã tại ").Append(venues.Count == 1 ? "địa điểm" : $"{venues.Count} địa điểm").Append(" bạn quản lý, mới nhất trước. ")
            .Append("Họ tên và số điện thoại của khách được che bớt để bảo vệ thông tin cá nhân.</p>")
            .Append(filter.Form(HistoryViews.VenuesPath, venues, problems));
        if (problems.Count > 0)
        {
            body.Append(Html.Notice("error", "Bộ lọc chưa đúng: xem thông báo bên cạnh ô ngày."));
            return Html.Page("Lịch sử quét mã QR", body.ToString(), signedIn: true);
        }
        // A venue that is not mine (an old link, a typed address): said plainly here; the API refuses it anyway.
        if (filter.VenueId.Length > 0 && !venues.Any(v => v.VenueId == filter.VenueId))
        {
            body.Append(Html.Notice("error", "Bạn không quản lý địa điểm này nên không xem được khách của nó. Hãy chọn một địa điểm trong danh sách."));
            return Html.Page("Lịch sử quét mã QR", body.ToString(), signedIn: true, StatusCodes.Status403Forbidden);
        }
        body.Append("<p><a href=\"").Append(Html.Encode(HistoryViews.VenuesPath + ".csv" + filter.QueryWithoutPage())).Append("\" download>Xuất CSV (mở bằng Excel)</a></p>");
        await ScanHistoryTable.AppendAsync(body, backend, call, filter.ToListRequest(), HistoryViews.VenuesPath, filter, showVenue: true);
        return Html.Page("Lịch sử quét mã QR", body.ToString(), signedIn: true);
    }

    private static async Task<IResult> ExportAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(HistoryViews.VenuesPath + context.Request.QueryString);
        var filter = ScanHistoryFilter.Of(context.Request.Query);
        if (filter.Problems().Count > 0)
            return Results.Redirect(HistoryViews.VenuesPath + context.Request.QueryString);
        return await ScanHistoryTable.DownloadAsync(context, backend, token, filter.ToExportRequest(), "", HistoryViews.VenuesPath);
    }
}
