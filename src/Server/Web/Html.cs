using System.Net;
using System.Text;

namespace Tracing.Server.Web;

/// <summary>
/// The portal's page layout and HTML encoding: the service's header with its menu, the footer with the hotline, and
/// one style sheet. Pages are plain HTML forms: they work without JavaScript.
/// </summary>
internal static partial class Html
{
    /// <summary>Vietnam's time (UTC+7, no daylight saving), in which the portal shows and reads times.</summary>
    public static readonly TimeSpan VietnamOffset = Matching.VietnamTime.Offset;

    /// <summary>The service's name as the header shows it.</summary>
    public const string ServiceName = "HỆ THỐNG KHAI BÁO Y TẾ VÀ QUÉT MÃ QR";

    /// <summary>The Ministry of Health's hotline (2021), in the footer and the help page.</summary>
    public const string Hotline = "1900 9095";

    /// <summary>Where <see cref="PortalPage"/> puts the signed-in phone when the page is sent.</summary>
    internal const string PhoneMarker = "<!--tracing:phone-->";

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// A whole page: <paramref name="body"/> is HTML already encoded. Every form in it that posts gets its forgery
    /// token when the page is sent (<see cref="PortalForms"/>), so a page never adds one itself; the menu shows the
    /// signed-in phone and marks the page being read then too (<see cref="PortalPage"/>).
    /// </summary>
    public static IResult Page(string title, string body, bool signedIn, int statusCode = StatusCodes.Status200OK)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" — Khai báo y tế và quét mã QR</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<header class=\"site\"><div class=\"bar\"><a class=\"brand\" href=\"/\">").Append(Emblem)
            .Append("<span><strong>").Append(ServiceName).Append("</strong><small>Truy vết COVID-19</small></span></a></div>")
            .Append("<nav class=\"menu\" aria-label=\"Menu chính\">");
        if (signedIn)
        {
            Link(page, "/dang-ky-dia-diem", "Đăng ký địa điểm");
            Link(page, "/dia-diem", "Quản lý địa điểm");
            Link(page, "/lich-su-quet", "Lịch sử quét mã QR");
            Link(page, "/kiem-soat-vao-ra", "Kiểm soát vào ra bằng máy");
            Link(page, "/ma-ca-nhan", "Mã QR cá nhân của tôi");
            page.Append(PhoneMarker)
                .Append("<form method=\"post\" action=\"/dang-xuat\"><button class=\"link nav\">Thoát</button></form>");
        }
        else
        {
            Link(page, "/dang-ky-dia-diem", "Đăng ký địa điểm");
            Link(page, "/dang-nhap", "Đăng nhập");
            Link(page, "/ban-do-an-toan", "Bản đồ an toàn");
            Link(page, "/huong-dan", "Hướng dẫn");
        }
        page.Append("</nav></header><main>").Append(body).Append("</main>")
            .Append("<footer class=\"site\"><p><strong>Đường dây nóng Bộ Y tế: <a href=\"tel:19009095\">").Append(Hotline).Append("</a></strong>")
            .Append(" · Tổng đài hỗ trợ phòng, chống COVID-19: <a href=\"tel:19003228\">1900 3228</a></p>")
            .Append("<p><a href=\"/huong-dan\">Hướng dẫn sử dụng</a> · <a href=\"/ban-do-an-toan\">Bản đồ an toàn</a> · Mọi thời gian hiển thị theo giờ Việt Nam (GMT+7).</p></footer>")
            .Append("</body></html>");
        return new PortalPage(page.ToString(), statusCode);
    }

    /// <summary>A message box: <c>ok</c> or <c>error</c>, with role=status / role=alert for screen readers.</summary>
    public static string Notice(string kind, string text)
        => $"<p class=\"notice {kind}\" role=\"{(kind == "error" ? "alert" : "status")}\">{Encode(text)}</p>";

    /// <summary>
    /// A refusal from the API as its own Vietnamese sentence (<see cref="Tracing.V1.RefusalDetails"/>), which says what
    /// is wrong and what to do ("Mã OTP không đúng. Bạn còn 2 lần thử.", not "you are not allowed"); only a refusal
    /// without one (the connection failed before the server answered) is framed by its status. Pages with a form show
    /// each invalid field's sentence beside its field too.
    /// </summary>
    public static string Failure(global::Grpc.Core.RpcException failed)
    {
        if (Tracing.V1.RefusalDetails.Vietnamese(failed) is { Length: > 0 } sentence)
            return $"<p class=\"notice error\" role=\"alert\">{Encode(sentence)}</p>";
        var lead = failed.StatusCode switch
        {
            global::Grpc.Core.StatusCode.InvalidArgument => "Thông tin chưa hợp lệ.",
            global::Grpc.Core.StatusCode.NotFound => "Không tìm thấy.",
            global::Grpc.Core.StatusCode.PermissionDenied => "Bạn không có quyền làm việc này.",
            global::Grpc.Core.StatusCode.FailedPrecondition => "Chưa thể thực hiện.",
            global::Grpc.Core.StatusCode.ResourceExhausted => "Quá nhiều lần thử; hãy đợi một lát.",
            global::Grpc.Core.StatusCode.Unauthenticated => "Bạn cần đăng nhập lại.",
            _ => "Hệ thống đang bận; hãy thử lại.",
        };
        return $"<p class=\"notice error\" role=\"alert\">{Encode(lead)}</p>";
    }

    /// <summary>A time as people in Vietnam read it, labelled: "03/12/2026 14:05 (giờ Việt Nam)".</summary>
    public static string Time(DateTimeOffset time) => Clock(time) + " (giờ Việt Nam)";

    /// <summary>
    /// A time in Vietnam's time without the label ("03/12/2026 14:05"), for a table whose column heading already says
    /// "(giờ Việt Nam)".
    /// </summary>
    public static string Clock(DateTimeOffset time) => time.ToOffset(VietnamOffset).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static void Link(StringBuilder page, string href, string text)
        => page.Append("<a class=\"nav\" href=\"").Append(href).Append("\">").Append(text).Append("</a>");

    /// <summary>The service's mark: a red disc with a gold star and a white cross (drawn here, no official emblem).</summary>
    private const string Emblem = """<svg class="emblem" viewBox="0 0 40 40" aria-hidden="true" width="40" height="40"><circle cx="20" cy="20" r="19" fill="#c8102e" stroke="#f6c945" stroke-width="2"/><polygon points="20,6 23.3,15.5 33.3,15.5 25.2,21.4 28.3,31 20,25.1 11.7,31 14.8,21.4 6.7,15.5 16.7,15.5" fill="#f6c945"/><rect x="18.3" y="16" width="3.4" height="9" fill="#fff"/><rect x="15.5" y="18.8" width="9" height="3.4" fill="#fff"/></svg>""";
}
