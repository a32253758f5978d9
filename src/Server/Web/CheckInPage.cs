using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The page a venue's QR code opens in a phone's browser (<c>/v/&lt;venue&gt;.&lt;signature&gt;</c>): someone
/// without the app files a health declaration and checks in or out. The browser becomes a device of its own (an
/// anonymous registration whose token is kept in the session cookie), so its visits are traced like an app's.
/// </summary>
internal static class CheckInPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/v/{payload}", ShowAsync);
        app.MapPost("/v/{payload}", SubmitAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend, QrPayloads qr, TracingEngine engine, string payload)
    {
        if (VenueOf(qr, engine, payload) is not { } venue)
            return Forged();
        var declaredUntil = await DeclaredUntilAsync(context, backend);
        return Render(payload, venue, declaredUntil, "");
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, PortalBackend backend, QrPayloads qr, TracingEngine engine, string payload)
    {
        if (VenueOf(qr, engine, payload) is not { } venue)
            return Forged();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        // Without JavaScript, the drop-downs are refilled by a button: redraw the form with what was chosen.
        if (RegionPicker.IsRefresh(form))
            return Render(payload, venue, null, "", form);
        var token = PortalSession.TokenOf(context);
        if (token is null)
        {
            try
            {
                var device = await backend.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "web " + context.Request.Headers.UserAgent }, PortalBackend.ForVisitor(context));
                token = device.AccessToken;
                PortalSession.SignIn(context, token, device.ExpiresAt.ToDateTimeOffset());
            }
            catch (RpcException failed)
            {
                // Too many registrations from the visitor's address: say so, and when to come back.
                return Render(payload, venue, null, Html.Failure(failed), form);
            }
        }
        var call = PortalBackend.As(token, context.RequestAborted);
        var declaring = form["action"] == "declare";
        string notice;
        try
        {
            Screening? screening = null;
            if (declaring)
            {
                try
                {
                    screening = (await backend.Declarations.SubmitDeclarationAsync(Declaration(form, venue.VenueId), call)).Screening;
                }
                catch (RpcException failed)
                {
                    // Every invalid field is shown next to its field, with what was typed kept.
                    return Render(payload, venue, null, Html.Failure(failed), form, failed.InvalidFields().ToDictionary(f => f.Field, f => f.Vietnamese));
                }
            }
            var direction = form["direction"] == "out" ? Direction.Out : Direction.In;
            var scan = await backend.CheckIn.ScanAsync(
                new ScanRequest
                {
                    ClientEventId = form["event"].ToString() is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N"),
                    QrPayload = $"{context.Request.Scheme}://{context.Request.Host}/v/{payload}",
                    Direction = direction,
                    ScannedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                    Method = ScanMethod.Self,
                },
                call);
            var way = direction == Direction.In ? "vào" : "ra";
            notice = scan.Status == ScanStatus.Accepted
                ? Html.Notice("ok", $"Đã ghi nhận {way} {venue.Name} lúc {Html.Time(DateTimeOffset.UtcNow)} (giờ Việt Nam). Cảm ơn bạn!")
                : Html.Notice("error", $"Đã ghi nhận {way}, nhưng bạn cần khai báo y tế. Hãy điền tờ khai bên dưới.");
            // The screening of the declaration that counted, big in its colour: what the visitor shows the staff.
            notice += HealthQuestions.Box(scan.Screening ?? screening, declaring ? "Kết quả khai báo y tế của bạn:" : "Tờ khai y tế của bạn:");
        }
        catch (RpcException failed)
        {
            notice = Html.Failure(failed);
        }
        var declaredUntil = await DeclaredUntilAsync(context, backend, token);
        return Render(payload, venue, declaredUntil, notice);
    }

    private static IResult Render(string payload, Matching.Registry.VenueInfo venue, DateTimeOffset? declaredUntil, string notice, IFormCollection? form = null, IReadOnlyDictionary<string, string>? errors = null)
    {
        var self = "/v/" + Uri.EscapeDataString(payload);
        var body = new StringBuilder(HealthQuestions.Css);
        body.Append("<h1>").Append(Html.Encode(venue.Name)).Append("</h1><p>")
            .Append(Html.Encode(string.Join(", ", new[] { venue.Details.StreetAddress, AdministrativeRegions.Place(venue.Details.ProvinceCode, venue.Details.DistrictCode, venue.Details.WardCode) }.Where(p => p.Length > 0))))
            .Append("</p>").Append(notice);
        if (declaredUntil is { } until)
        {
            body.Append("<p>Tờ khai y tế của bạn còn hiệu lực đến ").Append(Html.Time(until)).Append(" (giờ Việt Nam).</p>")
                .Append("<form method=\"post\" action=\"").Append(self).Append("\">")
                .Append("<input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">")
                .Append("<button type=\"submit\" name=\"direction\" value=\"in\">Ghi nhận vào</button> ")
                .Append("<button type=\"submit\" name=\"direction\" value=\"out\">Ghi nhận ra</button></form>");
            return Html.Page(venue.Name, body.ToString(), signedIn: false);
        }
        string Value(string name, string fallback = "") => form is null ? fallback : form[name].ToString();
        body.Append("<h2>Tờ khai y tế</h2><p>Bạn chưa có tờ khai còn hiệu lực. Khai báo một lần, dùng được 24 giờ. Mục có dấu <span class=\"required\">*</span> là bắt buộc.</p>")
            .Append("<form method=\"post\" action=\"").Append(self).Append("\">")
            .Append("<input type=\"hidden\" name=\"action\" value=\"declare\"><input type=\"hidden\" name=\"direction\" value=\"in\">")
            .Append("<input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">");
        Input(body, "full_name", "Họ và tên", "text", "name", required: true, Value("full_name"), errors);
        Input(body, "id_number", "Số CCCD / CMND / hộ chiếu", "text", "off", required: false, Value("id_number"), errors);
        Input(body, "birth_year", "Năm sinh", "text", "bday-year", required: true, Value("birth_year"), errors, " inputmode=\"numeric\" maxlength=\"4\"");
        var gender = Value("gender");
        body.Append("<label for=\"gender\">Giới tính</label><select id=\"gender\" name=\"gender\">");
        foreach (var (value, word) in new[] { ("male", "Nam"), ("female", "Nữ"), ("other", "Khác") })
            body.Append("<option value=\"").Append(value).Append('"').Append(gender == value ? " selected" : "").Append('>').Append(word).Append("</option>");
        body.Append("</select>");
        Input(body, "nationality", "Quốc tịch", "text", "country-name", required: false, Value("nationality", "Việt Nam"), errors);
        Input(body, "phone", "Số điện thoại", "tel", "tel", required: true, Value("phone"), errors);
        body.Append("<fieldset class=\"yn-list\"><legend>Địa chỉ nơi ở</legend>")
            .Append(RegionPicker.Render(Value("province_code"), Value("district_code"), Value("ward_code"), errors, of: "nơi ở", required: false));
        Input(body, "street_address", "Số nhà, tên đường (thôn, xóm)", "text", "street-address", required: false, Value("street_address"), errors);
        body.Append("</fieldset>");
        HealthQuestions.Render(body, form, required: true, errors);
        body.Append("<p><small>Thông tin chỉ dùng cho phòng, chống dịch; chủ địa điểm chỉ thấy họ tên và số điện thoại đã che một phần.</small></p>")
            .Append("<button type=\"submit\">Khai báo và ghi nhận vào</button></form>")
            .Append(RegionPicker.Script);
        return Html.Page(venue.Name, body.ToString(), signedIn: false);
    }

    private static SubmitDeclarationRequest Declaration(IFormCollection form, string venueId) => new()
    {
        Kind = DeclarationKind.Venue,
        VenueId = venueId,
        FullName = form["full_name"].ToString().Trim(),
        IdNumber = form["id_number"].ToString().Trim(),
        BirthYear = int.TryParse(form["birth_year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : 0,
        Gender = form["gender"].ToString() switch { "male" => Gender.Male, "female" => Gender.Female, _ => Gender.Other },
        Nationality = form["nationality"].ToString().Trim(),
        Phone = form["phone"].ToString().Trim(),
        ProvinceCode = form["province_code"].ToString(),
        DistrictCode = form["district_code"].ToString(),
        WardCode = form["ward_code"].ToString(),
        StreetAddress = form["street_address"].ToString().Trim(),
        TravelHistory = HealthQuestions.Travel(form),
        Symptoms = HealthQuestions.Symptoms(form),
        ExposureHistory = HealthQuestions.Exposure(form),
    };

    private static async Task<DateTimeOffset?> DeclaredUntilAsync(HttpContext context, PortalBackend backend, string? token = null)
    {
        token ??= PortalSession.TokenOf(context);
        if (token is null)
            return null;
        try
        {
            var status = await backend.Declarations.GetDeclarationStatusAsync(new GetDeclarationStatusRequest(), PortalBackend.As(token, context.RequestAborted));
            return status.Valid ? status.ValidUntil.ToDateTimeOffset() : null;
        }
        catch (RpcException failed) when (failed.StatusCode == StatusCode.Unauthenticated)
        {
            PortalSession.SignOut(context);
            return null;
        }
    }

    /// <summary>The venue of a genuine link (its public name and address only), or null for a forged or altered one.</summary>
    private static Matching.Registry.VenueInfo? VenueOf(QrPayloads qr, TracingEngine engine, string payload)
        => qr.VenueOf("/v/" + payload) is { } venueId ? engine.Venues.Find(venueId) : null;

    private static IResult Forged() => Html.Page("Mã QR không hợp lệ", Html.Notice("error",
        "Mã QR này không phải do hệ thống cấp hoặc đã bị sửa. Hãy quét lại mã dán tại địa điểm hoặc báo cho nhân viên."), signedIn: false);

    private static void Input(StringBuilder body, string name, string label, string type, string autocomplete, bool required, string value, IReadOnlyDictionary<string, string>? errors, string extra = "")
    {
        var error = errors?.GetValueOrDefault(name);
        body.Append("<label for=\"").Append(name).Append("\">").Append(Html.Encode(label)).Append(required ? " <span class=\"required\">*</span>" : "").Append("</label><input id=\"").Append(name)
            .Append("\" name=\"").Append(name).Append("\" type=\"").Append(type).Append("\" autocomplete=\"").Append(autocomplete).Append("\" value=\"").Append(Html.Encode(value)).Append('"')
            .Append(required ? " required" : "").Append(extra)
            .Append(error is null ? "" : $" aria-invalid=\"true\" aria-describedby=\"{name}-error\"").Append('>');
        if (error is not null)
            body.Append("<p class=\"field-error\" id=\"").Append(name).Append("-error\">").Append(Html.Encode(error)).Append("</p>");
    }
}
