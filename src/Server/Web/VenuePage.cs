using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>One venue: its code and QR downloads, and its scan history with filters and the CSV export.</summary>
internal static class VenuePage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/dia-diem/{venueId}", ShowAsync);
        app.MapGet("/dia-diem/{venueId}/qr.png", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Png, "ma-qr", "png"));
        app.MapGet("/dia-diem/{venueId}/qr.svg", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Svg, "ma-qr", "svg"));
        app.MapGet("/dia-diem/{venueId}/ap-phich.svg", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Poster, "ap-phich", "svg"));
        app.MapGet("/dia-diem/{venueId}/lich-su.csv", ExportAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend, string venueId)
    {
        var self = $"/dia-diem/{Uri.EscapeDataString(venueId)}";
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(self + context.Request.QueryString);
        var call = PortalBackend.As(token, context.RequestAborted);
        Venue venue;
        try
        {
            venue = (await backend.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venueId }, call)).Venue;
        }
        catch (RpcException failed)
        {
            return Html.Page("Địa điểm", Html.Failure(failed), signedIn: true);
        }
        var query = context.Request.Query;
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.Encode(venue.Name)).Append("</h1>");
        if (query.ContainsKey("moi"))
            body.Append(Html.Notice("ok", "Đã đăng ký địa điểm. In áp phích và dán ở cửa ra vào."));
        body.Append("<div class=\"panel venue-qr\"><img class=\"qr\" src=\"").Append(self).Append("/qr.svg\" alt=\"Mã QR của ").Append(Html.Encode(venue.Name)).Append("\" width=\"260\" height=\"260\">")
            .Append("<div><p>Mã địa điểm: <code class=\"venue\">").Append(Html.Encode(VenueCode.Display(venue.VenueId))).Append("</code><br>")
            .Append(Html.Encode(VenueListPage.Address(venue))).Append("</p>")
            .Append(Downloads(venue))
            .Append("<p class=\"actions\"><a class=\"button\" href=\"").Append(self).Append("/cua\">Ghi nhận tại cửa</a></p></div></div>")
            .Append("<style>.venue-qr{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}</style>");

        var filter = Filter.Of(query);
        body.Append("<h2>Lịch sử quét</h2><form method=\"get\" action=\"").Append(self).Append("\">")
            .Append("<label for=\"tu\">Từ (giờ Việt Nam)</label><input id=\"tu\" name=\"tu\" type=\"datetime-local\" value=\"").Append(Html.Encode(query["tu"])).Append("\">")
            .Append("<label for=\"den\">Đến</label><input id=\"den\" name=\"den\" type=\"datetime-local\" value=\"").Append(Html.Encode(query["den"])).Append("\">")
            .Append("<label for=\"khach\">Khách (tên hoặc số điện thoại)</label><input id=\"khach\" name=\"khach\" value=\"").Append(Html.Encode(query["khach"])).Append("\">")
            .Append("<label for=\"nguoi-quet\">Người quét (mã người dùng)</label><input id=\"nguoi-quet\" name=\"nguoi-quet\" value=\"").Append(Html.Encode(query["nguoi-quet"])).Append("\">")
            .Append("<button type=\"submit\">Lọc</button></form>")
            .Append("<p><a href=\"").Append(self).Append("/lich-su.csv").Append(context.Request.QueryString).Append("\" download>Xuất CSV</a></p>");
        try
        {
            var request = filter.ToListRequest(venue.VenueId);
            using var history = backend.CheckIn.ListScanHistory(request, call);
            body.Append("<table id=\"lich-su\"><thead><tr><th>Thời gian</th><th>Họ tên</th><th>Số điện thoại</th><th>Năm sinh</th><th>Chiều</th><th>Cách quét</th><th>Tờ khai</th></tr></thead><tbody>");
            var rows = 0;
            var next = "";
            await foreach (var item in history.ResponseStream.ReadAllAsync(context.RequestAborted))
            {
                var r = item.Scan;
                rows++;
                next = item.NextPageToken;
                body.Append("<tr><td>").Append(Html.Time(r.ScannedAt.ToDateTimeOffset())).Append("</td>")
                    .Append("<td>").Append(Html.Encode(r.VisitorName)).Append("</td>")
                    .Append("<td>").Append(Html.Encode(r.VisitorPhone)).Append("</td>")
                    .Append("<td>").Append(r.VisitorBirthYear == 0 ? "" : r.VisitorBirthYear.ToString(CultureInfo.InvariantCulture)).Append("</td>")
                    .Append("<td>").Append(r.Direction == Direction.In ? "Vào" : "Ra").Append("</td>")
                    .Append("<td>").Append(r.Method switch { ScanMethod.Self => "Tự quét", ScanMethod.Controller => "Quét mã cá nhân", _ => "Nhập tay" }).Append("</td>")
                    .Append("<td>").Append(r.Status == ScanStatus.Accepted ? "Hợp lệ" : "Chưa khai báo")
                    .Append(r.FlaggedForReview ? " <span class=\"flag\">Cần kiểm tra</span>" : "").Append("</td></tr>");
            }
            body.Append("</tbody></table>");
            if (rows == 0)
                body.Append("<p>Chưa có lượt quét nào khớp bộ lọc.</p>");
            if (next.Length > 0)
            {
                var more = QueryString.Create(query.Where(p => p.Key != "trang" && p.Key != "moi").Append(new("trang", next)));
                body.Append("<p><a href=\"").Append(self).Append(Html.Encode(more.ToString())).Append("\">Trang sau</a></p>");
            }
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
        }
        await VenueManagersSection.AppendAsync(body, backend, call, venue, query);
        return Html.Page(venue.Name, body.ToString(), signedIn: true);
    }

    /// <summary>The download links of a venue: the A4 poster and the bare code, each a file named after the venue's code.</summary>
    public static string Downloads(Venue venue)
    {
        var self = $"/dia-diem/{Uri.EscapeDataString(venue.VenueId)}";
        return $"<p class=\"actions\"><a href=\"{self}/ap-phich.svg\" download=\"{FileName("ap-phich", venue.VenueId, "svg")}\">Tải áp phích A4</a>"
            + $"<a href=\"{self}/qr.png\" download=\"{FileName("ma-qr", venue.VenueId, "png")}\">Mã QR (PNG)</a>"
            + $"<a href=\"{self}/qr.svg\" download=\"{FileName("ma-qr", venue.VenueId, "svg")}\">Mã QR (SVG)</a></p>";
    }

    /// <summary>A download's file name: what it is, the venue's printed code, its extension ("ma-qr-V-XXXXX-XXXXX-X.png").</summary>
    public static string FileName(string what, string venueId, string extension)
        => $"{what}-{(VenueCode.TryRead(venueId, out var canonical, out _) ? VenueCode.Display(canonical) : venueId)}.{extension}";

    private static async Task<IResult> DownloadQrAsync(HttpContext context, PortalBackend backend, string venueId, QrFormat format, string what, string extension)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst($"/dia-diem/{Uri.EscapeDataString(venueId)}");
        try
        {
            var image = await backend.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = venueId, Format = format }, PortalBackend.As(token, context.RequestAborted));
            return Results.File(image.Data.ToByteArray(), image.ContentType, FileName(what, venueId, extension));
        }
        catch (RpcException failed)
        {
            return Html.Page("Mã QR", Html.Failure(failed), signedIn: true);
        }
    }

    private static async Task<IResult> ExportAsync(HttpContext context, PortalBackend backend, string venueId)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst($"/dia-diem/{Uri.EscapeDataString(venueId)}");
        try
        {
            var request = Filter.Of(context.Request.Query).ToExportRequest(venueId);
            using var export = backend.CheckIn.ExportScanHistory(request, PortalBackend.As(token, context.RequestAborted));
            using var csv = new MemoryStream();
            await foreach (var chunk in export.ResponseStream.ReadAllAsync(context.RequestAborted))
                chunk.Chunk.WriteTo(csv);
            return Results.File(csv.ToArray(), "text/csv; charset=utf-8", FileName("lich-su", venueId, "csv"));
        }
        catch (RpcException failed)
        {
            return Html.Page("Xuất CSV", Html.Failure(failed), signedIn: true);
        }
    }

    /// <summary>Rows of history on one page of the portal.</summary>
    internal const int PageSize = 100;

    /// <summary>The history filters of the page's query string (times typed in Vietnam's time).</summary>
    private sealed record Filter(Timestamp? From, Timestamp? To, string Visitor, string Controller, string Page)
    {
        public static Filter Of(IQueryCollection query) => new(Time(query["tu"]), Time(query["den"]), query["khach"].ToString().Trim(), query["nguoi-quet"].ToString().Trim(), query["trang"].ToString());

        // An unset time (null) leaves the field unset: the server's default window.
        public ListScanHistoryRequest ToListRequest(string venueId)
            => new() { VenueIds = { venueId }, VisitorQuery = Visitor, ControllerId = Controller, MaxResults = PageSize, PageToken = Page, From = From, To = To };

        public ExportScanHistoryRequest ToExportRequest(string venueId)
            => new() { VenueIds = { venueId }, VisitorQuery = Visitor, ControllerId = Controller, From = From, To = To };

        private static Timestamp? Time(string? typed)
            => DateTime.TryParseExact(typed, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? Timestamp.FromDateTimeOffset(new DateTimeOffset(local, Html.VietnamOffset))
                : null;
    }
}
