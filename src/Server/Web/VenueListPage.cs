using System.Text;
using Grpc.Core;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>"Quản lý địa điểm": the venues (and units) the person manages, as a table (cards on a phone); registering is <see cref="RegistrationPage"/>.</summary>
internal static class VenueListPage
{
    /// <summary>Categories offered (the safety checklists of the facility kinds), with their Vietnamese names.</summary>
    public static readonly (string Value, string Name)[] Categories =
    [
        ("restaurant", "Nhà hàng, quán ăn, cà phê"),
        ("market", "Chợ, siêu thị"),
        ("school", "Trường học"),
        ("hospital", "Bệnh viện, phòng khám"),
        ("factory", "Nhà máy, khu công nghiệp"),
        ("office", "Văn phòng, cơ quan"),
        ("transport", "Bến xe, nhà ga, sân bay"),
        ("other", "Khác"),
    ];

    public static void Map(WebApplication app) => app.MapGet("/dia-diem", ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/dia-diem");
        ListMyVenuesResponse mine;
        try
        {
            mine = await backend.Venues.ListMyVenuesAsync(new ListMyVenuesRequest(), PortalBackend.As(token, context.RequestAborted));
        }
        catch (RpcException failed) when (failed.StatusCode == StatusCode.Unauthenticated)
        {
            PortalSession.SignOut(context);
            return PortalSession.SignInFirst("/dia-diem");
        }
        var body = new StringBuilder("<h1>Quản lý địa điểm</h1>");
        body.Append("<p class=\"actions\"><a class=\"button\" href=\"/dang-ky-dia-diem\">+ Thêm mới địa điểm</a>")
            .Append("<a class=\"button secondary\" href=\"#xin-quyen\">+ Thêm địa điểm của người khác</a></p>");
        if (mine.Venues.Count == 0)
        {
            body.Append("<p>Bạn chưa quản lý địa điểm nào. <a href=\"/dang-ky-dia-diem\">Đăng ký địa điểm</a> để có mã QR in ở cửa ra vào.</p>");
        }
        else
        {
            body.Append("<h2>Danh sách các địa điểm của bạn: ").Append(mine.Venues.Count).Append(" địa điểm</h2>")
                .Append("<div class=\"table-wrap\"><table class=\"cards\" id=\"dia-diem\"><thead><tr><th>STT</th><th>Tên địa điểm</th><th>Mã địa điểm</th><th>Nằm trong</th><th>Nhãn</th><th>Người đăng ký</th><th>Mã QR</th></tr></thead><tbody>");
            var names = mine.Venues.ToDictionary(v => v.VenueId, v => v.Name, StringComparer.Ordinal);
            var number = 0;
            foreach (var venue in mine.Venues)
            {
                var self = "/dia-diem/" + Uri.EscapeDataString(venue.VenueId);
                body.Append("<tr><td data-label=\"STT\">").Append(++number).Append("</td>")
                    .Append("<td data-label=\"Tên địa điểm\"><a href=\"").Append(self).Append("\"><strong>").Append(Html.Encode(venue.Name)).Append("</strong></a><br>")
                    .Append(Html.Encode(Address(venue))).Append("</td>")
                    .Append("<td data-label=\"Mã địa điểm\"><code>").Append(Html.Encode(VenueCode.Display(venue.VenueId))).Append("</code></td>")
                    .Append("<td data-label=\"Nằm trong\">").Append(Html.Encode(names.GetValueOrDefault(venue.ParentVenueId, ""))).Append("</td>")
                    .Append("<td data-label=\"Nhãn\">").Append(Html.Encode(string.Join(", ", venue.Labels))).Append("</td>")
                    .Append("<td data-label=\"Người đăng ký\">").Append(Html.Encode(venue.RegistrantName)).Append("<br>").Append(Html.Encode(venue.RegistrantPhone)).Append("</td>")
                    .Append("<td data-label=\"Mã QR\"><a href=\"").Append(self).Append("\">Xem</a> · <a href=\"").Append(self).Append("/ap-phich.svg\" download>Áp phích</a> · <a href=\"")
                    .Append(self).Append("/cua\">Ghi nhận tại cửa</a></td></tr>");
            }
            body.Append("</tbody></table></div>");
        }
        body.Append("<div id=\"xin-quyen\">").Append(VenueAccessPages.RequestForm()).Append("</div>");
        return Html.Page("Quản lý địa điểm", body.ToString(), signedIn: true);
    }

    /// <summary>A venue's address as people write it: street, then ward, district and province by name.</summary>
    public static string Address(Venue venue)
        => string.Join(", ", new[] { venue.StreetAddress, AdministrativeRegions.Place(venue.ProvinceCode, venue.DistrictCode, venue.WardCode) }.Where(p => p.Length > 0));
}
