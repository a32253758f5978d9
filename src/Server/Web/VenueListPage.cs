using System.Text;
using Grpc.Core;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>"Địa điểm của tôi": the venues (and units) the person manages, and the form to register one.</summary>
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

    public static void Map(WebApplication app)
    {
        app.MapGet("/dia-diem", ShowAsync);
        app.MapPost("/dia-diem", RegisterAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/dia-diem");
        return await RenderAsync(context, backend, token, "", new Dictionary<string, string>());
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/dia-diem");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var values = form.Keys.ToDictionary(k => k, k => form[k].ToString().Trim(), StringComparer.Ordinal);
        if (!TryReadPosition(Value(values, "position"), out var position))
            return await RenderAsync(context, backend, token, Html.Notice("error", "Toạ độ là hai số cách nhau bằng dấu phẩy: vĩ độ, kinh độ (ví dụ 10.7769, 106.7009); để trống nếu không biết."), values);
        try
        {
            var request = new RegisterVenueRequest
            {
                Name = Value(values, "name"),
                ProvinceCode = Value(values, "province"),
                DistrictCode = Value(values, "district"),
                WardCode = Value(values, "ward"),
                StreetAddress = Value(values, "street"),
                RegistrantName = Value(values, "registrant"),
                Category = Value(values, "category"),
                ParentVenueId = Value(values, "parent"),
                Labels = { Value(values, "labels").Split(',') },
            };
            if (position is { } at)
                (request.Latitude, request.Longitude) = at;
            var registered = await backend.Venues.RegisterVenueAsync(request, PortalBackend.As(token, context.RequestAborted));
            return Results.Redirect($"/dia-diem/{Uri.EscapeDataString(registered.Venue.VenueId)}?moi=1");
        }
        catch (RpcException failed) when (failed.StatusCode != StatusCode.Unauthenticated)
        {
            return await RenderAsync(context, backend, token, Html.Failure(failed), values);
        }
    }

    private static async Task<IResult> RenderAsync(HttpContext context, PortalBackend backend, string token, string notice, Dictionary<string, string> values)
    {
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
        var body = new StringBuilder("<h1>Địa điểm của tôi</h1>").Append(notice);
        if (mine.Venues.Count == 0)
        {
            body.Append("<p>Bạn chưa quản lý địa điểm nào. Đăng ký địa điểm bên dưới.</p>");
        }
        else
        {
            body.Append("<table><thead><tr><th>Tên</th><th>Mã địa điểm</th><th>Địa chỉ</th><th>Thuộc</th><th>Nhãn</th></tr></thead><tbody>");
            var names = mine.Venues.ToDictionary(v => v.VenueId, v => v.Name, StringComparer.Ordinal);
            foreach (var venue in mine.Venues)
            {
                body.Append("<tr><td><a href=\"/dia-diem/").Append(Uri.EscapeDataString(venue.VenueId)).Append("\">").Append(Html.Encode(venue.Name)).Append("</a></td>")
                    .Append("<td>").Append(Html.Encode(VenueCode.Display(venue.VenueId))).Append("</td>")
                    .Append("<td>").Append(Html.Encode(Address(venue))).Append("</td>")
                    .Append("<td>").Append(Html.Encode(names.GetValueOrDefault(venue.ParentVenueId, ""))).Append("</td>")
                    .Append("<td>").Append(Html.Encode(string.Join(", ", venue.Labels))).Append("</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        body.Append(VenueAccessPages.RequestForm())
            .Append(RegistrationForm(mine.Venues, values));
        return Html.Page("Địa điểm của tôi", body.ToString(), signedIn: true);
    }

    private static string RegistrationForm(IEnumerable<Venue> mine, Dictionary<string, string> values)
    {
        var form = new StringBuilder("<h2>Đăng ký địa điểm</h2><form method=\"post\" action=\"/dia-diem\">");
        Field(form, values, "name", "Tên địa điểm", "text", "Phở Thìn Bờ Hồ");
        form.Append("<label for=\"category\">Loại hình</label><select id=\"category\" name=\"category\">");
        foreach (var (value, name) in Categories)
            Option(form, value, name, Value(values, "category"));
        form.Append("</select><label for=\"parent\">Thuộc địa điểm (để trống nếu không phải đơn vị bên trong)</label><select id=\"parent\" name=\"parent\">");
        Option(form, "", "—", Value(values, "parent"));
        foreach (var venue in mine)
            Option(form, venue.VenueId, venue.Name, Value(values, "parent"));
        form.Append("</select><label for=\"province\">Tỉnh / thành phố</label><select id=\"province\" name=\"province\" required>");
        foreach (var (code, name) in AdministrativeRegions.ProvinceNames.OrderBy(p => p.Value, StringComparer.Create(new System.Globalization.CultureInfo("vi-VN"), false)))
            Option(form, code, name, Value(values, "province"));
        form.Append("</select>");
        Field(form, values, "district", "Mã quận / huyện (3 chữ số)", "text", "001");
        Field(form, values, "ward", "Mã phường / xã (5 chữ số)", "text", "00001");
        Field(form, values, "street", "Số nhà, đường", "text", "13 Lò Đúc");
        Field(form, values, "registrant", "Họ tên người đăng ký", "text", "Nguyễn Văn An");
        // The registrant's phone is the signed-in phone: approval codes for access requests go to it (see VenueAccess).
        form.Append("<p>Số điện thoại người đăng ký là số bạn đã đăng nhập: mã xác nhận khi có người xin quyền quản lý sẽ gửi tới số này.</p>");
        Field(form, values, "labels", "Nhãn (cách nhau bằng dấu phẩy)", "text", "tầng 1, quầy thu ngân");
        Field(form, values, "position", "Toạ độ trên bản đồ an toàn (vĩ độ, kinh độ; không bắt buộc)", "text", "10.7769, 106.7009");
        form.Append("<button type=\"submit\">Đăng ký</button></form>");
        return form.ToString();
    }

    /// <summary>"latitude, longitude" as typed (or copied from a map app), or nothing when left empty.</summary>
    private static bool TryReadPosition(string typed, out (double Latitude, double Longitude)? position)
    {
        position = null;
        if (typed.Length == 0)
            return true;
        var parts = typed.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var latitude)
            || !double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var longitude))
            return false;
        position = (latitude, longitude);
        return true;
    }

    private static void Field(StringBuilder form, Dictionary<string, string> values, string name, string label, string type, string example)
        => form.Append("<label for=\"").Append(name).Append("\">").Append(Html.Encode(label)).Append("</label>")
            .Append("<input id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" type=\"").Append(type)
            .Append("\" placeholder=\"").Append(Html.Encode(example)).Append("\" value=\"").Append(Html.Encode(Value(values, name))).Append("\">");

    private static void Option(StringBuilder form, string value, string name, string selected)
        => form.Append("<option value=\"").Append(Html.Encode(value)).Append('"').Append(value == selected ? " selected" : "").Append('>')
            .Append(Html.Encode(name)).Append("</option>");

    private static string Value(Dictionary<string, string> values, string name) => values.GetValueOrDefault(name, "");

    /// <summary>A venue's address as people write it: street, then the province by name.</summary>
    public static string Address(Venue venue)
        => $"{venue.StreetAddress}, {AdministrativeRegions.ProvinceNames.GetValueOrDefault(venue.ProvinceCode, venue.ProvinceCode)}";
}
