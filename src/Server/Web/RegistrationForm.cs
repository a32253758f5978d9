using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// What "Đăng ký địa điểm" shows at each step, as qr.tokhaiyte.vn taught it in 2021: (1) the venue's information,
/// (2) the one-time code sent to the registrant's phone (skipped when signed in), (3) done: the venue's code and QR.
/// Form fields carry the contract's field names (<c>name</c>, <c>street_address</c>, ...), so a refusal's
/// <c>BadRequest</c> lands beside the right field; what was typed rides along in hidden fields between steps.
/// </summary>
internal static class RegistrationForm
{
    /// <summary>The fields of step 1 that travel between the steps (the contract's names; <c>position</c> is "lat, lng").</summary>
    public static readonly string[] Fields =
        ["name", "parent_venue_id", "category", RegionPicker.ProvinceField, RegionPicker.DistrictField, RegionPicker.WardField, "street_address", "registrant_name", "registrant_phone", "labels", "position"];

    /// <summary>
    /// The code last texted (its phone and expiry, Unix seconds), kept through "Quay lại" so that coming back to step 2
    /// within the resend wait uses the code already sent.
    /// </summary>
    public static readonly string[] Sent = ["otp_phone", "otp_expires"];

    /// <summary>The step bar: 1 Đăng ký thông tin · 2 Nhập mã OTP · 3 Hoàn thành (two steps when signed in).</summary>
    public static string Steps(int current, bool withOtp)
    {
        var names = withOtp ? new[] { "Đăng ký thông tin", "Nhập mã OTP", "Hoàn thành" } : ["Đăng ký thông tin", "Hoàn thành"];
        var html = new StringBuilder("<p>Đăng ký mã QR địa điểm qua ").Append(names.Length).Append(" bước sau:</p><ol class=\"steps\">");
        for (var i = 0; i < names.Length; i++)
        {
            html.Append("<li").Append(i + 1 == current ? " aria-current=\"step\"" : "").Append('>')
                .Append(i + 1).Append(". ").Append(names[i]).Append("</li>");
        }
        return html.Append("</ol>").ToString();
    }

    /// <summary>Step 1: the venue's information, with <paramref name="errors"/> (by field) beside each field.</summary>
    public static string Information(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, string? signedInPhone, bool signedIn, IReadOnlyList<Venue> mine, string notice)
    {
        var form = new StringBuilder("<h1>Đăng ký mã QR địa điểm</h1>").Append(Steps(1, withOtp: !signedIn)).Append(notice);
        if (errors.Count > 0)
            form.Append(Html.Notice("error", $"Có {errors.Count} thông tin cần sửa; xem ghi chú màu đỏ cạnh từng ô."));
        form.Append("<form method=\"post\" action=\"/dang-ky-dia-diem\" class=\"panel\" novalidate><h2>Thông tin của địa điểm</h2>");
        foreach (var sent in Sent)
        {
            if (Value(values, sent).Length > 0)
                form.Append("<input type=\"hidden\" name=\"").Append(sent).Append("\" value=\"").Append(Html.Encode(Value(values, sent))).Append("\">");
        }
        Input(form, values, errors, "name", "Tên địa điểm", "VD: Cửa hàng ABC", required: true);
        if (mine.Count > 0)
        {
            form.Append("<div class=\"field\"><label for=\"parent_venue_id\">Nằm trong địa điểm</label>")
                .Append("<p class=\"hint\" id=\"parent_venue_id-hint\">Chọn toà nhà, chợ, trường... nếu địa điểm này là một đơn vị bên trong.</p>")
                .Append("<select id=\"parent_venue_id\" name=\"parent_venue_id\" aria-describedby=\"parent_venue_id-hint\">");
            Option(form, "", "— Không nằm trong địa điểm nào —", Value(values, "parent_venue_id"));
            foreach (var venue in mine)
                Option(form, venue.VenueId, venue.Name, Value(values, "parent_venue_id"));
            form.Append("</select>");
            Error(form, errors, "parent_venue_id");
            form.Append("</div>");
        }
        form.Append("<div class=\"field\"><label for=\"category\">Loại hình <span class=\"required\">*</span></label><select id=\"category\" name=\"category\">");
        foreach (var (value, name) in VenueListPage.Categories)
            Option(form, value, name, Value(values, "category"));
        form.Append("</select>");
        Error(form, errors, "category");
        form.Append("</div>")
            .Append(RegionPicker.Render(Value(values, RegionPicker.ProvinceField), Value(values, RegionPicker.DistrictField), Value(values, RegionPicker.WardField), errors, of: "của địa điểm"));
        Input(form, values, errors, "street_address", "Số nhà, phố, tổ dân phố/thôn/đội", "VD: Số 120 Đường Lê Duẩn", required: true);
        Input(form, values, errors, "registrant_name", "Họ và tên người đăng ký", "VD: Nguyễn Văn A", required: true, autocomplete: "name");
        if (signedIn)
        {
            form.Append("<div class=\"field\"><label for=\"registrant_phone\">Số điện thoại người đăng ký <span class=\"required\">*</span></label>")
                .Append("<input id=\"registrant_phone\" type=\"tel\" readonly aria-describedby=\"registrant_phone-hint\" value=\"").Append(Html.Encode(signedInPhone ?? "")).Append("\">")
                .Append("<p class=\"hint\" id=\"registrant_phone-hint\">Là số bạn đã đăng nhập: mã xác nhận khi có người xin quyền quản lý địa điểm sẽ gửi tới số này.</p>");
            Error(form, errors, "registrant_phone");
            form.Append("</div>");
        }
        else
        {
            Input(form, values, errors, "registrant_phone", "Số điện thoại người đăng ký", "VD: 0912345678", required: true, type: "tel", autocomplete: "tel",
                hint: "Hệ thống gửi mã OTP tới số này; số này cũng dùng để đăng nhập quản lý địa điểm.");
        }
        form.Append("<details").Append(Value(values, "labels").Length + Value(values, "position").Length > 0 || errors.ContainsKey("position") || errors.ContainsKey("labels") ? " open" : "")
            .Append("><summary>Thông tin thêm (không bắt buộc)</summary>");
        Input(form, values, errors, "labels", "Nhãn (cách nhau bằng dấu phẩy)", "VD: tầng 1, quầy thu ngân");
        Input(form, values, errors, "position", "Vị trí trên bản đồ an toàn (vĩ độ, kinh độ)", "VD: 10.7769, 106.7009",
            hint: "Để trống nếu không biết. Có thể chép từ ứng dụng bản đồ, hoặc bấm nút bên dưới khi đang ở địa điểm.");
        form.Append("<button type=\"button\" class=\"secondary\" data-locate hidden>Lấy vị trí hiện tại của tôi</button></details>")
            .Append("<div class=\"actions\"><a class=\"button secondary\" href=\"/dang-ky-dia-diem\">Xóa form</a>")
            .Append("<button type=\"submit\">").Append(signedIn ? "Đăng ký địa điểm" : "Tiếp tục bước 2 &gt;&gt;").Append("</button></div></form>")
            .Append(RegionPicker.Script)
            .Append(LocateScript);
        return form.ToString();
    }

    /// <summary>Step 2: the one-time code sent to <paramref name="phone"/>, with how long it stays valid.</summary>
    public static string OneTimeCode(IReadOnlyDictionary<string, string> values, string phone, DateTimeOffset expiresAt, string? error, string notice)
    {
        var left = expiresAt - DateTimeOffset.UtcNow;
        if (left < TimeSpan.Zero)
            left = TimeSpan.Zero;
        var form = new StringBuilder("<h1>Đăng ký mã QR địa điểm</h1>").Append(Steps(2, withOtp: true)).Append(notice)
            .Append("<form method=\"post\" action=\"/dang-ky-dia-diem/otp\" class=\"panel\" novalidate>");
        Hidden(form, values);
        form.Append("<input type=\"hidden\" name=\"otp_expires\" value=\"").Append(expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append("\">")
            .Append("<input type=\"hidden\" name=\"otp_phone\" value=\"").Append(Html.Encode(phone)).Append("\">")
            .Append("<p role=\"status\">Hệ thống đã gửi SMS chứa mã OTP tới số điện thoại của bạn (<strong>").Append(Html.Encode(phone)).Append("</strong>). Hãy nhập mã OTP để hoàn thành việc đăng ký.</p>")
            .Append("<div class=\"field\"><label for=\"otp\">Mã OTP <span class=\"required\">*</span></label>")
            .Append("<p class=\"hint\" id=\"otp-hint\">Mã OTP sẽ hết hạn trong <span data-expires=\"").Append(expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append("\">")
            .Append(Duration(left)).Append("</span> (lúc ").Append(Html.Time(expiresAt)).Append(").</p>")
            .Append("<input id=\"otp\" name=\"otp\" inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"8\" placeholder=\"6 chữ số\" aria-describedby=\"otp-hint")
            .Append(error is null ? "\"" : " otp-error\" aria-invalid=\"true\"").Append('>');
        if (error is not null)
            form.Append("<p class=\"field-error\" id=\"otp-error\" role=\"alert\">").Append(Html.Encode(error)).Append("</p>");
        form.Append("</div><p class=\"hint\">Ghi chú: Mã OTP có thể đến sau 15 - 30 giây. Bạn vui lòng chú ý điện thoại của số ")
            .Append(Html.Encode(phone)).Append(" và tắt bộ chặn tin nhắn rác (nếu có).</p>")
            .Append("<div class=\"actions\"><button type=\"submit\" name=\"buoc\" value=\"quay-lai\" class=\"secondary\" formnovalidate>&lt;&lt; Quay lại</button>")
            .Append("<button type=\"submit\" name=\"buoc\" value=\"gui-lai\" class=\"secondary\" formnovalidate>Gửi lại mã OTP</button>")
            .Append("<button type=\"submit\" name=\"buoc\" value=\"xac-nhan\">Tiếp tục bước 3 &gt;&gt;</button></div></form>")
            .Append(CountdownScript);
        return form.ToString();
    }

    /// <summary>The last step: the venue's code, its QR code, and the downloads.</summary>
    public static string Done(Venue venue, bool withOtp)
    {
        var self = $"/dia-diem/{Uri.EscapeDataString(venue.VenueId)}";
        var code = VenueCode.Display(venue.VenueId);
        return new StringBuilder("<h1>Đăng ký mã QR địa điểm</h1>").Append(Steps(withOtp ? 3 : 2, withOtp))
            .Append(Html.Notice("ok", $"Đã đăng ký địa điểm \"{venue.Name}\". In áp phích mã QR và dán ở cửa ra vào."))
            .Append("<div class=\"panel\"><h2>").Append(Html.Encode(venue.Name)).Append("</h2>")
            .Append("<p>").Append(Html.Encode(VenueListPage.Address(venue))).Append("</p>")
            .Append("<p>Mã địa điểm: <code class=\"venue\">").Append(Html.Encode(code)).Append("</code></p>")
            .Append("<img class=\"qr\" src=\"").Append(self).Append("/qr.svg\" alt=\"Mã QR của ").Append(Html.Encode(venue.Name)).Append("\" width=\"260\" height=\"260\">")
            .Append(VenuePage.Downloads(venue))
            .Append("<p class=\"actions\"><a class=\"button\" href=\"").Append(self).Append("\">Xem trang địa điểm</a>")
            .Append("<a href=\"/dia-diem\">Quản lý địa điểm</a><a href=\"/dang-ky-dia-diem\">Đăng ký địa điểm khác</a></p></div>")
            .ToString();
    }

    /// <summary>"4 phút 57 giây".</summary>
    public static string Duration(TimeSpan left)
        => left.TotalMinutes >= 1 ? $"{(int)left.TotalMinutes} phút {left.Seconds} giây" : $"{left.Seconds} giây";

    /// <summary>The value posted for <paramref name="name"/>, trimmed.</summary>
    public static string Value(IReadOnlyDictionary<string, string> values, string name) => values.GetValueOrDefault(name, "");

    /// <summary>The step-1 fields of a posted form (the old field names of the first portal's form are read too).</summary>
    public static Dictionary<string, string> Read(IFormCollection form)
    {
        var old = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["parent_venue_id"] = "parent",
            [RegionPicker.ProvinceField] = "province",
            [RegionPicker.DistrictField] = "district",
            [RegionPicker.WardField] = "ward",
            ["street_address"] = "street",
            ["registrant_name"] = "registrant",
        };
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            var value = form[field].ToString();
            if (value.Length == 0 && old.TryGetValue(field, out var oldName))
                value = form[oldName].ToString();
            values[field] = value.Trim();
        }
        foreach (var sent in Sent)
            values[sent] = form[sent].ToString().Trim();
        return values;
    }

    private static void Hidden(StringBuilder form, IReadOnlyDictionary<string, string> values)
    {
        foreach (var field in Fields)
            form.Append("<input type=\"hidden\" name=\"").Append(field).Append("\" value=\"").Append(Html.Encode(Value(values, field))).Append("\">");
    }

    private static void Input(StringBuilder form, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, string name, string label, string example,
        bool required = false, string type = "text", string autocomplete = "off", string? hint = null)
    {
        var error = errors.GetValueOrDefault(name);
        var describedBy = string.Join(' ', new[] { hint is null ? null : name + "-hint", error is null ? null : name + "-error" }.OfType<string>());
        form.Append("<div class=\"field\"><label for=\"").Append(name).Append("\">").Append(Html.Encode(label))
            .Append(required ? " <span class=\"required\">*</span>" : "").Append("</label>");
        if (hint is not null)
            form.Append("<p class=\"hint\" id=\"").Append(name).Append("-hint\">").Append(Html.Encode(hint)).Append("</p>");
        form.Append("<input id=\"").Append(name).Append("\" name=\"").Append(name).Append("\" type=\"").Append(type)
            .Append("\" autocomplete=\"").Append(autocomplete).Append("\" placeholder=\"").Append(Html.Encode(example))
            .Append("\" value=\"").Append(Html.Encode(Value(values, name))).Append('"')
            .Append(required ? " required" : "")
            .Append(describedBy.Length > 0 ? $" aria-describedby=\"{describedBy}\"" : "")
            .Append(error is null ? "" : " aria-invalid=\"true\"").Append('>');
        Error(form, errors, name);
        form.Append("</div>");
    }

    private static void Error(StringBuilder form, IReadOnlyDictionary<string, string> errors, string name)
    {
        if (errors.GetValueOrDefault(name) is { } error)
            form.Append("<p class=\"field-error\" id=\"").Append(name).Append("-error\">").Append(Html.Encode(error)).Append("</p>");
    }

    private static void Option(StringBuilder form, string value, string name, string selected)
        => form.Append("<option value=\"").Append(Html.Encode(value)).Append('"').Append(value == selected ? " selected" : "").Append('>')
            .Append(Html.Encode(name)).Append("</option>");

    private const string LocateScript = """
        <script>
        (function () {
          var button = document.querySelector('[data-locate]');
          if (!button || !navigator.geolocation) return;
          button.hidden = false;
          button.addEventListener('click', function () {
            navigator.geolocation.getCurrentPosition(function (p) {
              document.getElementById('position').value = p.coords.latitude.toFixed(5) + ', ' + p.coords.longitude.toFixed(5);
            });
          });
        })();
        </script>
        """;

    private const string CountdownScript = """
        <script>
        (function () {
          var span = document.querySelector('[data-expires]');
          if (!span) return;
          var end = Number(span.getAttribute('data-expires')) * 1000;
          function tick() {
            var left = Math.max(0, Math.round((end - Date.now()) / 1000));
            span.textContent = (left >= 60 ? Math.floor(left / 60) + ' phút ' : '') + (left % 60) + ' giây';
            if (left > 0) setTimeout(tick, 1000);
          }
          tick();
        })();
        </script>
        """;
}
