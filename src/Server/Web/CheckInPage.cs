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
                return Render(payload, venue, null, Html.Failure(failed));
            }
        }
        var call = PortalBackend.As(token, context.RequestAborted);
        string notice;
        try
        {
            if (form["action"] == "declare")
                await backend.Declarations.SubmitDeclarationAsync(Declaration(form, venue.VenueId), call);
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
                ? Html.Notice("ok", $"Đã ghi nhận {way} {venue.Name} lúc {Html.Time(DateTimeOffset.UtcNow)}. Cảm ơn bạn!")
                : Html.Notice("error", $"Đã ghi nhận {way}, nhưng bạn cần khai báo y tế. {scan.Message}");
        }
        catch (RpcException failed)
        {
            notice = Html.Failure(failed);
        }
        var declaredUntil = await DeclaredUntilAsync(context, backend, token);
        return Render(payload, venue, declaredUntil, notice);
    }

    private static IResult Render(string payload, Matching.Registry.VenueInfo venue, DateTimeOffset? declaredUntil, string notice)
    {
        var self = "/v/" + Uri.EscapeDataString(payload);
        var body = new StringBuilder();
        body.Append("<h1>").Append(Html.Encode(venue.Name)).Append("</h1><p>")
            .Append(Html.Encode($"{venue.Details.StreetAddress}, {AdministrativeRegions.ProvinceNames.GetValueOrDefault(venue.Details.ProvinceCode, "")}"))
            .Append("</p>").Append(notice);
        if (declaredUntil is { } until)
        {
            body.Append("<p>Tờ khai y tế của bạn còn hiệu lực đến ").Append(Html.Time(until)).Append(".</p>")
                .Append("<form method=\"post\" action=\"").Append(self).Append("\">")
                .Append("<input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">")
                .Append("<button type=\"submit\" name=\"direction\" value=\"in\">Ghi nhận vào</button> ")
                .Append("<button type=\"submit\" name=\"direction\" value=\"out\">Ghi nhận ra</button></form>");
        }
        else
        {
            body.Append("<h2>Khai báo y tế</h2><p>Bạn chưa có tờ khai còn hiệu lực. Khai báo một lần, dùng được 24 giờ.</p>")
                .Append("<form method=\"post\" action=\"").Append(self).Append("\">")
                .Append("<input type=\"hidden\" name=\"action\" value=\"declare\"><input type=\"hidden\" name=\"direction\" value=\"in\">")
                .Append("<input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">");
            Input(body, "full_name", "Họ và tên", "text", "name", required: true);
            Input(body, "birth_year", "Năm sinh", "text", "bday-year", required: true);
            body.Append("<label for=\"gender\">Giới tính</label><select id=\"gender\" name=\"gender\"><option value=\"male\">Nam</option><option value=\"female\">Nữ</option><option value=\"other\">Khác</option></select>");
            Input(body, "phone", "Số điện thoại", "tel", "tel", required: true);
            body.Append("<label for=\"province\">Tỉnh / thành phố nơi ở</label><select id=\"province\" name=\"province\">");
            foreach (var (code, name) in AdministrativeRegions.ProvinceNames.OrderBy(p => p.Value, StringComparer.Create(new CultureInfo("vi-VN"), false)))
                body.Append("<option value=\"").Append(code).Append('"').Append(code == venue.Details.ProvinceCode ? " selected" : "").Append('>').Append(Html.Encode(name)).Append("</option>");
            body.Append("</select>");
            Input(body, "street", "Địa chỉ nơi ở", "text", "street-address", required: false);
            body.Append("<fieldset><legend>Trong 14 ngày qua, bạn có dấu hiệu nào sau đây?</legend>");
            foreach (var (name, label) in SymptomFields)
                Check(body, name, label);
            body.Append("</fieldset><fieldset><legend>Trong 14 ngày qua, bạn có:</legend>");
            foreach (var (name, label) in ExposureFields)
                Check(body, name, label);
            body.Append("</fieldset>");
            Input(body, "travel", "Nơi đã đến trong 14 ngày qua", "text", "off", required: false);
            body.Append("<p><small>Thông tin chỉ dùng cho phòng, chống dịch; chủ địa điểm chỉ thấy họ tên và số điện thoại đã che một phần.</small></p>")
                .Append("<button type=\"submit\">Khai báo và ghi nhận vào</button></form>");
        }
        return Html.Page(venue.Name, body.ToString(), signedIn: false);
    }

    private static readonly (string Name, string Label)[] SymptomFields =
    [
        ("fever", "Sốt"), ("cough", "Ho"), ("breath", "Khó thở"), ("throat", "Đau họng"), ("taste", "Mất vị giác hoặc khứu giác"), ("fatigue", "Mệt mỏi"),
    ];

    private static readonly (string Name, string Label)[] ExposureFields =
    [
        ("confirmed", "Tiếp xúc với người mắc COVID-19"), ("suspected", "Tiếp xúc với người nghi nhiễm"),
        ("traveller", "Tiếp xúc với người từ vùng có dịch"), ("outbreak", "Đến vùng có dịch"),
    ];

    private static SubmitDeclarationRequest Declaration(IFormCollection form, string venueId)
    {
        bool On(string name) => form[name] == "on";
        return new SubmitDeclarationRequest
        {
            Kind = DeclarationKind.Venue,
            VenueId = venueId,
            FullName = form["full_name"].ToString().Trim(),
            BirthYear = int.TryParse(form["birth_year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : 0,
            Gender = form["gender"].ToString() switch { "male" => Gender.Male, "female" => Gender.Female, _ => Gender.Other },
            Phone = form["phone"].ToString().Trim(),
            ProvinceCode = form["province"].ToString(),
            StreetAddress = form["street"].ToString().Trim(),
            TravelHistory = form["travel"].ToString().Trim(),
            Symptoms = new Symptoms { Fever = On("fever"), Cough = On("cough"), ShortnessOfBreath = On("breath"), SoreThroat = On("throat"), LossOfTasteOrSmell = On("taste"), Fatigue = On("fatigue") },
            ExposureHistory = new ExposureHistory { ContactWithConfirmedCase = On("confirmed"), ContactWithSuspectedCase = On("suspected"), ContactWithTravellerFromOutbreakArea = On("traveller"), VisitedOutbreakArea = On("outbreak") },
        };
    }

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

    private static void Input(StringBuilder body, string name, string label, string type, string autocomplete, bool required)
        => body.Append("<label for=\"").Append(name).Append("\">").Append(Html.Encode(label)).Append("</label><input id=\"").Append(name)
            .Append("\" name=\"").Append(name).Append("\" type=\"").Append(type).Append("\" autocomplete=\"").Append(autocomplete).Append('"')
            .Append(required ? " required" : "").Append('>');

    private static void Check(StringBuilder body, string name, string label)
        => body.Append("<label style=\"font-weight:normal\"><input type=\"checkbox\" name=\"").Append(name).Append("\" id=\"").Append(name).Append("\"> ")
            .Append(Html.Encode(label)).Append("</label>");
}
