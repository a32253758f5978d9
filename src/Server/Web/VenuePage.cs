using System.Text;
using Grpc.Core;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>One venue: its code and QR downloads, its scan history (<see cref="VenueHistorySection"/>) and its managers.</summary>
internal static class VenuePage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/dia-diem/{venueId}", ShowAsync);
        app.MapGet("/dia-diem/{venueId}/qr.png", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Png, "png"));
        app.MapGet("/dia-diem/{venueId}/qr.svg", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Svg, "svg"));
        app.MapGet("/dia-diem/{venueId}/ap-phich.svg", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Poster, "poster.svg"));
        app.MapGet("/dia-diem/{venueId}/lich-su.csv", VenueHistorySection.ExportAsync);
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
        body.Append("<p>Mã địa điểm: <code class=\"venue\">").Append(Html.Encode(VenueCode.Display(venue.VenueId))).Append("</code><br>")
            .Append(Html.Encode(VenueListPage.Address(venue))).Append("</p>")
            .Append("<p><a href=\"").Append(self).Append("/ap-phich.svg\" download>Tải áp phích A4</a> · ")
            .Append("<a href=\"").Append(self).Append("/qr.png\" download>Mã QR (PNG)</a> · ")
            .Append("<a href=\"").Append(self).Append("/qr.svg\" download>Mã QR (SVG)</a> · ")
            .Append("<a href=\"").Append(self).Append("/cua\">Ghi nhận tại cửa</a></p>");

        await VenueHistorySection.AppendAsync(body, backend, call, venue, self, query);
        await VenueManagersSection.AppendAsync(body, backend, call, venue, query);
        return Html.Page(venue.Name, body.ToString(), signedIn: true);
    }

    private static async Task<IResult> DownloadQrAsync(HttpContext context, PortalBackend backend, string venueId, QrFormat format, string suffix)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst($"/dia-diem/{Uri.EscapeDataString(venueId)}");
        try
        {
            var image = await backend.Venues.GetVenueQrCodeAsync(new GetVenueQrCodeRequest { VenueId = venueId, Format = format }, PortalBackend.As(token, context.RequestAborted));
            return Results.File(image.Data.ToByteArray(), image.ContentType, $"{venueId}-{suffix}");
        }
        catch (RpcException failed)
        {
            return Html.Page("Mã QR", Html.Failure(failed), signedIn: true);
        }
    }

    /// <summary>Rows of history on one page of the portal.</summary>
    internal const int PageSize = ScanHistoryFilter.PageSize;
}
