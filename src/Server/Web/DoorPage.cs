using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The door: staff record visitors in and out, either by scanning the visitor's personal QR code (a handheld
/// scanner types the code into the focused field and presses Enter) or by typing in a visitor without a phone.
/// </summary>
internal static class DoorPage
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/dia-diem/{venueId}/cua", (HttpContext context, PortalBackend backend, string venueId) => ShowAsync(context, backend, venueId, ""));
        app.MapPost("/dia-diem/{venueId}/cua", RecordAsync);
    }

    private static async Task<IResult> RecordAsync(HttpContext context, PortalBackend backend, string venueId)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst($"/dia-diem/{Uri.EscapeDataString(venueId)}/cua");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var direction = form["direction"] == "out" ? Direction.Out : Direction.In;
        var request = new ScanRequest
        {
            // One id per submitted form: a double submit of the same form is answered as the same scan.
            ClientEventId = form["event"].ToString() is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N"),
            VenueId = venueId,
            Direction = direction,
            ScannedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        };
        if (form["mode"] == "manual")
        {
            request.Method = ScanMethod.Manual;
            request.ManualVisitor = new ManualVisitor
            {
                FullName = form["full_name"].ToString().Trim(),
                Phone = form["phone"].ToString().Trim(),
                BirthYear = int.TryParse(form["birth_year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : 0,
            };
        }
        else
        {
            request.Method = ScanMethod.Controller;
            request.SubjectQrPayload = form["personal_code"].ToString().Trim();
        }
        string notice;
        try
        {
            var scan = await backend.CheckIn.ScanAsync(request, PortalBackend.As(token, context.RequestAborted));
            var way = direction == Direction.In ? "VÀO" : "RA";
            notice = scan.Status == ScanStatus.Accepted
                ? Html.Notice("ok", $"Đã ghi nhận {way}. {scan.Message}")
                : Html.Notice("error", $"Đã ghi nhận {way}, nhưng khách chưa có tờ khai y tế hợp lệ. {scan.Message}");
        }
        catch (RpcException failed)
        {
            notice = Html.Failure(failed);
        }
        return await ShowAsync(context, backend, venueId, notice);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend, string venueId, string notice)
    {
        var self = $"/dia-diem/{Uri.EscapeDataString(venueId)}/cua";
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(self);
        Venue venue;
        try
        {
            venue = (await backend.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venueId }, PortalBackend.As(token, context.RequestAborted))).Venue;
        }
        catch (RpcException failed)
        {
            return Html.Page("Ghi nhận tại cửa", Html.Failure(failed), signedIn: true);
        }
        var body = new StringBuilder();
        body.Append("<h1>Ghi nhận tại cửa — ").Append(Html.Encode(venue.Name)).Append("</h1>").Append(notice)
            .Append("<form method=\"post\" action=\"").Append(self).Append("\"><fieldset><legend>Quét mã QR cá nhân của khách</legend>")
            .Append("<input type=\"hidden\" name=\"mode\" value=\"code\"><input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">")
            .Append("<label for=\"personal_code\">Mã cá nhân</label><input id=\"personal_code\" name=\"personal_code\" autofocus autocomplete=\"off\" required>")
            .Append(DirectionChoice("code"))
            .Append("<button type=\"submit\">Ghi nhận</button></fieldset></form>")
            .Append("<form method=\"post\" action=\"").Append(self).Append("\"><fieldset><legend>Nhập tay (khách không có điện thoại thông minh)</legend>")
            .Append("<input type=\"hidden\" name=\"mode\" value=\"manual\"><input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">")
            .Append("<label for=\"full_name\">Họ tên</label><input id=\"full_name\" name=\"full_name\" required autocomplete=\"off\">")
            .Append("<label for=\"manual_phone\">Số điện thoại</label><input id=\"manual_phone\" name=\"phone\" type=\"tel\" required autocomplete=\"off\">")
            .Append("<label for=\"birth_year\">Năm sinh</label><input id=\"birth_year\" name=\"birth_year\" inputmode=\"numeric\" pattern=\"[0-9]{4}\" autocomplete=\"off\">")
            .Append(DirectionChoice("manual"))
            .Append("<button type=\"submit\">Ghi nhận</button></fieldset></form>")
            .Append("<p><a href=\"/dia-diem/").Append(Uri.EscapeDataString(venueId)).Append("\">Xem lịch sử quét</a></p>");
        return Html.Page("Ghi nhận tại cửa", body.ToString(), signedIn: true);
    }

    private static string DirectionChoice(string form) => $"""
        <p role="radiogroup" aria-label="Chiều">
          <label style="display:inline;font-weight:normal"><input type="radio" name="direction" value="in" checked id="{form}-in"> Vào</label>
          <label style="display:inline;font-weight:normal;margin-left:1rem"><input type="radio" name="direction" value="out" id="{form}-out"> Ra</label>
        </p>
        """;
}
