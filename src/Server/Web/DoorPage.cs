using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The door ("Kiểm soát vào ra bằng máy"): staff record visitors in and out by scanning the visitor's personal QR code
/// (with the phone's camera where the browser can read QR codes, or a handheld scanner that types the code into the
/// focused field and presses Enter, or typing), by typing in a visitor without a smartphone, or by filing a paper
/// declaration for a walk-in without a phone. Each answer shows the visitor's screening big in its colour, and the
/// recent scans show theirs, so a visitor who needs checking stands out.
/// </summary>
internal static class DoorPage
{
    /// <summary>How many recent scans the door shows.</summary>
    private const int RecentScans = 10;

    public static void Map(WebApplication app)
    {
        app.MapGet("/kiem-soat-vao-ra", ChooseAsync);
        app.MapGet("/dia-diem/{venueId}/cua", (HttpContext context, PortalBackend backend, string venueId) => ShowAsync(context, backend, venueId, "", null, null));
        app.MapPost("/dia-diem/{venueId}/cua", RecordAsync);
    }

    /// <summary>Which door: the one venue a manager manages, or a choice among theirs.</summary>
    private static async Task<IResult> ChooseAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/kiem-soat-vao-ra");
        IReadOnlyList<Venue> venues;
        try
        {
            venues = (await backend.Venues.ListMyVenuesAsync(new ListMyVenuesRequest(), PortalBackend.As(token, context.RequestAborted))).Venues;
        }
        catch (RpcException failed)
        {
            return Html.Page("Kiểm soát vào ra", Html.Failure(failed), signedIn: true);
        }
        if (venues.Count == 1)
            return Results.Redirect($"/dia-diem/{Uri.EscapeDataString(venues[0].VenueId)}/cua");
        var body = new StringBuilder("<h1>Kiểm soát vào ra bằng máy</h1>");
        if (venues.Count == 0)
        {
            body.Append("<p>Bạn chưa quản lý địa điểm nào. <a href=\"/dang-ky-dia-diem\">Đăng ký địa điểm</a> để ghi nhận khách tại cửa.</p>");
        }
        else
        {
            body.Append("<p>Chọn địa điểm để ghi nhận khách vào, ra:</p><ul class=\"door-venues\">");
            foreach (var venue in venues.OrderBy(v => v.Name, StringComparer.Create(new CultureInfo("vi-VN"), false)))
            {
                body.Append("<li><a href=\"/dia-diem/").Append(Uri.EscapeDataString(venue.VenueId)).Append("/cua\">").Append(Html.Encode(venue.Name)).Append("</a> <small>")
                    .Append(Html.Encode(venue.VenueId)).Append("</small></li>");
            }
            body.Append("</ul>");
        }
        return Html.Page("Kiểm soát vào ra", body.ToString(), signedIn: true);
    }

    private static async Task<IResult> RecordAsync(HttpContext context, PortalBackend backend, string venueId)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst($"/dia-diem/{Uri.EscapeDataString(venueId)}/cua");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var mode = form["mode"].ToString();
        if (mode == "paper" && RegionPicker.IsRefresh(form))
            return await ShowAsync(context, backend, venueId, "", form, null);
        var direction = form["direction"] == "out" ? Direction.Out : Direction.In;
        var request = new ScanRequest
        {
            // One id per submitted form: a double submit of the same form is answered as the same scan.
            ClientEventId = form["event"].ToString() is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N"),
            VenueId = venueId,
            Direction = direction,
            ScannedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        };
        if (mode is "manual" or "paper")
        {
            request.Method = ScanMethod.Manual;
            request.ManualVisitor = new ManualVisitor
            {
                FullName = form["full_name"].ToString().Trim(),
                Phone = mode == "paper" ? "" : form["phone"].ToString().Trim(),
                BirthYear = int.TryParse(form["birth_year"], NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : 0,
            };
            if (mode == "paper")
            {
                // The visitor's paper declaration, screened by the server and kept with this scan.
                request.ManualVisitor.PaperDeclaration = true;
                request.ManualVisitor.Symptoms = HealthQuestions.Symptoms(form);
                request.ManualVisitor.ExposureHistory = HealthQuestions.Exposure(form);
                request.ManualVisitor.TravelHistory = HealthQuestions.Travel(form);
                request.ManualVisitor.ProvinceCode = form["province_code"].ToString();
                request.ManualVisitor.DistrictCode = form["district_code"].ToString();
                request.ManualVisitor.WardCode = form["ward_code"].ToString();
            }
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
            var paper = mode == "paper" ? " (tờ khai giấy)" : "";
            notice = scan.Status == ScanStatus.Accepted
                ? Html.Notice("ok", $"Đã ghi nhận {way}{paper} lúc {Html.Time(DateTimeOffset.UtcNow)} (giờ Việt Nam).")
                : Html.Notice("error", $"Đã ghi nhận {way}, nhưng khách chưa có tờ khai y tế hợp lệ: mời khách khai báo y tế, hoặc điền tờ khai giấy bên dưới.");
            var level = scan.Screening?.Level ?? ScreeningLevel.Unspecified;
            notice += HealthQuestions.Box(scan.Screening, level is ScreeningLevel.Yellow or ScreeningLevel.Red ? "KHÁCH CẦN KIỂM TRA — sàng lọc theo tờ khai y tế:" : "Sàng lọc theo tờ khai y tế của khách:");
        }
        catch (RpcException failed)
        {
            var errors = failed.InvalidFields().ToDictionary(f => f.Field.Replace("manual_visitor.", "", StringComparison.Ordinal), f => f.Vietnamese);
            // A refused paper declaration is drawn again with what was typed and each error next to its field.
            return await ShowAsync(context, backend, venueId, Html.Failure(failed), mode == "paper" ? form : null, mode == "paper" ? errors : null);
        }
        return await ShowAsync(context, backend, venueId, notice, null, null);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend, string venueId, string notice, IFormCollection? paper, IReadOnlyDictionary<string, string>? errors)
    {
        var self = $"/dia-diem/{Uri.EscapeDataString(venueId)}/cua";
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(self);
        var call = PortalBackend.As(token, context.RequestAborted);
        Venue venue;
        try
        {
            venue = (await backend.Venues.GetVenueAsync(new GetVenueRequest { VenueId = venueId }, call)).Venue;
        }
        catch (RpcException failed)
        {
            return Html.Page("Ghi nhận tại cửa", Html.Failure(failed), signedIn: true);
        }
        var body = new StringBuilder(HealthQuestions.Css).Append(DoorCss);
        body.Append("<h1>Ghi nhận tại cửa — ").Append(Html.Encode(venue.Name)).Append("</h1>").Append(notice)
            .Append("<form method=\"post\" action=\"").Append(self).Append("\" id=\"code-form\"><fieldset><legend>Quét mã QR cá nhân của khách</legend>")
            .Append("<input type=\"hidden\" name=\"mode\" value=\"code\"><input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">")
            .Append("<label for=\"personal_code\">Mã cá nhân</label><input id=\"personal_code\" name=\"personal_code\"").Append(paper is null ? " autofocus" : "").Append(" autocomplete=\"off\" required>")
            .Append("<p class=\"hint\">Dùng máy quét cầm tay (mã tự điền và gửi), hoặc gõ mã.</p>")
            .Append("<button type=\"button\" id=\"camera-start\" class=\"secondary\" hidden>Quét bằng camera</button>")
            .Append("<video id=\"camera-video\" playsinline muted hidden></video><p id=\"camera-status\" aria-live=\"polite\"></p>")
            .Append(DirectionChoice("code"))
            .Append("<button type=\"submit\">Ghi nhận</button></fieldset></form>")
            .Append("<form method=\"post\" action=\"").Append(self).Append("\"><fieldset><legend>Nhập tay (khách không có điện thoại thông minh)</legend>")
            .Append("<input type=\"hidden\" name=\"mode\" value=\"manual\"><input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">")
            .Append("<label for=\"full_name\">Họ tên</label><input id=\"full_name\" name=\"full_name\" required autocomplete=\"off\">")
            .Append("<label for=\"manual_phone\">Số điện thoại</label><input id=\"manual_phone\" name=\"phone\" type=\"tel\" required autocomplete=\"off\">")
            .Append("<label for=\"birth_year\">Năm sinh</label><input id=\"birth_year\" name=\"birth_year\" inputmode=\"numeric\" pattern=\"[0-9]{4}\" autocomplete=\"off\">")
            .Append(DirectionChoice("manual"))
            .Append("<button type=\"submit\">Ghi nhận</button></fieldset></form>");
        PaperForm(body, self, paper, errors);
        await RecentAsync(body, backend, call, venueId);
        body.Append("<p><a href=\"/dia-diem/").Append(Uri.EscapeDataString(venueId)).Append("\">Xem lịch sử quét</a></p>")
            .Append(RegionPicker.Script).Append(CameraScript);
        return Html.Page("Ghi nhận tại cửa", body.ToString(), signedIn: true);
    }

    /// <summary>The paper declaration of a walk-in without a phone: recorded as a manual entry with its screening.</summary>
    private static void PaperForm(StringBuilder body, string self, IFormCollection? form, IReadOnlyDictionary<string, string>? errors)
    {
        string Value(string name) => form?[name].ToString() ?? "";
        void Error(string field)
        {
            if (errors?.GetValueOrDefault(field) is { } error)
                body.Append("<p class=\"field-error\">").Append(Html.Encode(error)).Append("</p>");
        }
        body.Append("<form method=\"post\" action=\"").Append(self).Append("\"><details class=\"paper\"").Append(form is null ? "" : " open").Append("><summary>Tờ khai giấy cho khách vãng lai (không có điện thoại)</summary><fieldset>")
            .Append("<legend>Khai báo y tế giấy</legend>")
            .Append("<p class=\"hint\">Hỏi khách từng câu và ghi lại; hệ thống sàng lọc và lưu kết quả với lượt vào này. Bạn không trở thành người khai hộ của khách.</p>")
            .Append("<input type=\"hidden\" name=\"mode\" value=\"paper\"><input type=\"hidden\" name=\"event\" value=\"").Append(Guid.NewGuid().ToString("N")).Append("\">")
            .Append("<label for=\"paper_full_name\">Họ và tên khách <span class=\"required\">*</span></label><input id=\"paper_full_name\" name=\"full_name\" required autocomplete=\"off\" value=\"").Append(Html.Encode(Value("full_name"))).Append("\">");
        Error("full_name");
        body.Append("<label for=\"paper_birth_year\">Năm sinh</label><input id=\"paper_birth_year\" name=\"birth_year\" inputmode=\"numeric\" pattern=\"[0-9]{4}\" autocomplete=\"off\" value=\"").Append(Html.Encode(Value("birth_year"))).Append("\">");
        Error("birth_year");
        body.Append(RegionPicker.Render(Value("province_code"), Value("district_code"), Value("ward_code"), errors, of: "nơi ở", required: false));
        HealthQuestions.Render(body, form, required: true, errors);
        body.Append(DirectionChoice("paper")).Append("<button type=\"submit\">Ghi nhận và sàng lọc</button></fieldset></details></form>");
    }

    /// <summary>The venue's latest scans with each visitor's screening, newest first, as cards that fit a phone.</summary>
    private static async Task RecentAsync(StringBuilder body, PortalBackend backend, CallOptions call, string venueId)
    {
        body.Append("<h2>Lượt quét gần đây</h2>");
        List<ScanRecord> recent;
        try
        {
            using var history = backend.CheckIn.ListScanHistory(new ListScanHistoryRequest { VenueIds = { venueId }, MaxResults = RecentScans }, call);
            recent = [];
            await foreach (var item in history.ResponseStream.ReadAllAsync(call.CancellationToken))
                recent.Add(item.Scan);
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
            return;
        }
        if (recent.Count == 0)
        {
            body.Append("<p>Chưa có lượt quét nào.</p>");
            return;
        }
        body.Append("<ul class=\"recent\">");
        foreach (var r in recent)
        {
            var check = r.Screening is ScreeningLevel.Yellow or ScreeningLevel.Red;
            body.Append("<li").Append(check ? " class=\"needs-check\"" : "").Append("><span class=\"when\">").Append(Html.Time(r.ScannedAt.ToDateTimeOffset())).Append("</span> ")
                .Append(r.Direction == Direction.In ? "Vào" : "Ra").Append(" · <strong>").Append(Html.Encode(r.VisitorName)).Append("</strong>")
                .Append(r.VisitorBirthYear > 0 ? $" ({r.VisitorBirthYear})" : "").Append(" · ")
                .Append(r.Method switch { ScanMethod.Self => "Tự quét", ScanMethod.Controller => "Quét mã cá nhân", _ => "Nhập tay" })
                .Append(' ').Append(HealthQuestions.Tag(r.Screening)).Append("</li>");
        }
        body.Append("</ul><p class=\"hint\">Giờ Việt Nam (GMT+7).</p>");
    }

    private static string DirectionChoice(string form) => $"""
        <p role="radiogroup" aria-label="Chiều">
          <label style="display:inline;font-weight:normal"><input type="radio" name="direction" value="in" checked id="{form}-in"> Vào</label>
          <label style="display:inline;font-weight:normal;margin-left:1rem"><input type="radio" name="direction" value="out" id="{form}-out"> Ra</label>
        </p>
        """;

    private const string DoorCss = """
        <style>
        .recent{list-style:none;padding:0;margin:.5rem 0}
        .recent li{padding:.5rem .7rem;border:1px solid #ddd;border-radius:6px;margin:.4rem 0;overflow-wrap:anywhere}
        .recent li.needs-check{border-width:2px;border-color:#c62828}
        .recent .when{color:#555}
        .hint{color:#555;font-size:.9rem;margin:.3rem 0}
        details.paper{margin:1rem 0}
        details.paper summary{cursor:pointer;font-weight:bold;padding:.5rem 0}
        #camera-video{display:block;width:100%;max-width:28rem;margin-top:.5rem;background:#000}
        #camera-video[hidden]{display:none}
        button.secondary{background:#fff;color:#0b5fa5;border:1px solid #0b5fa5}
        fieldset{min-width:0}
        </style>
        """;

    /// <summary>
    /// Scanning with the camera where the browser reads QR codes itself (BarcodeDetector, as Chromium offers): the button
    /// stays hidden elsewhere, and the handheld scanner and typing still work. A code read is sent as a scanner sends it.
    /// </summary>
    private const string CameraScript = """
        <script>
        (function () {
          var button = document.getElementById('camera-start');
          if (!button || !('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
          button.hidden = false;
          var video = document.getElementById('camera-video');
          var status = document.getElementById('camera-status');
          var input = document.getElementById('personal_code');
          button.addEventListener('click', function () {
            var detector;
            try { detector = new BarcodeDetector({ formats: ['qr_code'] }); } catch (e) { status.textContent = 'Trình duyệt không đọc được mã QR; hãy dùng máy quét hoặc gõ mã.'; return; }
            navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (stream) {
              video.srcObject = stream;
              video.hidden = false;
              var playing = video.play();
              if (playing && playing.catch) playing.catch(function () {});
              button.hidden = true;
              status.textContent = 'Đưa mã QR cá nhân của khách vào khung hình…';
              var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; };
              var look = function () {
                detector.detect(video).then(function (codes) {
                  var code = codes.filter(function (c) { return c.rawValue; })[0];
                  if (!code) { setTimeout(look, 250); return; }
                  stop();
                  input.value = code.rawValue;
                  status.textContent = 'Đã đọc mã; đang ghi nhận…';
                  if (input.form.requestSubmit) input.form.requestSubmit(); else input.form.submit();
                }, function () { setTimeout(look, 250); });
              };
              look();
            }, function () {
              status.textContent = 'Không mở được camera (chưa cho phép?). Hãy dùng máy quét hoặc gõ mã.';
            });
          });
        })();
        </script>
        """;
}
