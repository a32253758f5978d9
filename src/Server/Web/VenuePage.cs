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
        app.MapGet("/dia-diem/{venueId}/qr.png", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Png, "ma-qr", "png"));
        app.MapGet("/dia-diem/{venueId}/qr.svg", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Svg, "ma-qr", "svg"));
        app.MapGet("/dia-diem/{venueId}/ap-phich.svg", (HttpContext c, PortalBackend b, string venueId) => DownloadQrAsync(c, b, venueId, QrFormat.Poster, "ap-phich", "svg"));
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
        body.Append("<div class=\"panel venue-qr\"><img class=\"qr\" src=\"").Append(self).Append("/qr.svg\" alt=\"Mã QR của ").Append(Html.Encode(venue.Name)).Append("\" width=\"260\" height=\"260\">")
            .Append("<div><p>Mã địa điểm: <code class=\"venue\">").Append(Html.Encode(VenueCode.Display(venue.VenueId))).Append("</code><br>")
            .Append(Html.Encode(VenueListPage.Address(venue))).Append("</p>")
            .Append(Downloads(venue))
            .Append("<p class=\"actions\"><a class=\"button\" href=\"").Append(self).Append("/cua\">Ghi nhận tại cửa</a></p></div></div>")
            .Append("<style>.venue-qr{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}</style>");

        await VenueHistorySection.AppendAsync(body, backend, call, venue, self, query);
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

    /// <summary>Rows of history on one page of the portal.</summary>
    internal const int PageSize = ScanHistoryFilter.PageSize;
}
