using System.Net;
using System.Text;

namespace Tracing.Server.Web;

/// <summary>The portal's page layout and HTML encoding. Pages are plain HTML forms: they work without JavaScript.</summary>
internal static class Html
{
    /// <summary>Vietnam's time (UTC+7, no daylight saving), in which the portal shows and reads times.</summary>
    public static readonly TimeSpan VietnamOffset = Matching.VietnamTime.Offset;

    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>
    /// A whole page: <paramref name="body"/> is HTML already encoded. Every form in it that posts gets its forgery
    /// token when the page is sent (<see cref="PortalForms"/>), so a page never adds one itself.
    /// </summary>
    public static IResult Page(string title, string body, bool signedIn, int statusCode = StatusCodes.Status200OK)
    {
        var page = new StringBuilder();
        page.Append("<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" — Tracing</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<header><a class=\"brand\" href=\"/\">Tracing</a><nav>");
        if (signedIn)
        {
            page.Append("<a href=\"/dia-diem\">Địa điểm của tôi</a><a href=\"/ma-ca-nhan\">Mã QR cá nhân</a>")
                .Append("<form method=\"post\" action=\"/dang-xuat\"><button class=\"link\">Đăng xuất</button></form>");
        }
        else
        {
            page.Append("<a href=\"/dang-nhap\">Đăng nhập</a>");
        }
        page.Append("</nav></header><main>").Append(body).Append("</main></body></html>");
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

    /// <summary>A time as people in Vietnam read it.</summary>
    public static string Time(DateTimeOffset time) => time.ToOffset(VietnamOffset).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private const string Style = """
        body{font-family:Arial,Helvetica,sans-serif;margin:0;line-height:1.5;color:#1b1b1b}
        header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.6rem 1rem;background:#0b5fa5}
        header a,header button.link{color:#fff;text-decoration:none;margin-right:1rem;font:inherit}
        header nav{display:flex;flex-wrap:wrap;align-items:center}
        header form{display:inline}
        .brand{font-weight:bold;font-size:1.2rem}
        main{max-width:60rem;margin:1rem auto;padding:0 1rem}
        label{display:block;margin:.5rem 0 .2rem;font-weight:bold}
        input,select{font:inherit;padding:.4rem;width:100%;max-width:28rem;box-sizing:border-box}
        input[type=radio]{width:auto}
        button{font:inherit;padding:.5rem 1rem;margin-top:.7rem;background:#0b5fa5;color:#fff;border:0;border-radius:4px;cursor:pointer}
        button.link{background:none;padding:0;margin:0;cursor:pointer}
        table{border-collapse:collapse;width:100%;margin-top:1rem}
        th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
        .notice{padding:.6rem 1rem;border-radius:4px}
        .ok{background:#e6f4ea;border:1px solid #34a853}
        .error{background:#fce8e6;border:1px solid #d93025}
        .flag{color:#b00020;font-weight:bold}
        fieldset{border:1px solid #ccc;margin:1rem 0;padding:.5rem 1rem 1rem}
        code.venue{font-size:1.2rem;font-weight:bold}
        """;
}
