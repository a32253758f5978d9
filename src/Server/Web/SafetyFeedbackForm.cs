using System.Text;
using Grpc.Core;
using Tracing.V1;
using SafetyMap = Tracing.Matching.Safety.SafetyMap;

namespace Tracing.Server.Web;

/// <summary>
/// A citizen's feedback on a facility of the safety map (<c>SubmitFeedback</c>, one per facility and day): a form on
/// each card for a signed-in person, a sign-in link for anyone else. After sending, the map comes back with a thank-you.
/// </summary>
internal static class SafetyFeedbackForm
{
    private const string Action = "/ban-do-an-toan/gop-y";
    private const string BackField = "quay-lai";

    /// <summary>The query parameter the map is sent back with after a feedback was recorded.</summary>
    public const string SentParameter = "gop-y";

    public static void Map(WebApplication app) => app.MapPost(Action, SendAsync);

    /// <summary>The form (or the sign-in link) for <paramref name="venueId"/>, coming back to <paramref name="back"/>.</summary>
    public static string Render(string venueId, string back, bool signedIn)
    {
        if (!signedIn)
            return $"<p><a href=\"/dang-nhap?tiep={Uri.EscapeDataString(back)}\">Đăng nhập để góp ý về cơ sở này</a></p>";
        var id = Html.Encode(venueId);
        return new StringBuilder("<details class=\"feedback\"><summary>Góp ý về cơ sở này</summary>")
            .Append("<form method=\"post\" action=\"").Append(Action).Append("\">")
            .Append("<input type=\"hidden\" name=\"venue_id\" value=\"").Append(id).Append("\">")
            .Append("<input type=\"hidden\" name=\"").Append(BackField).Append("\" value=\"").Append(Html.Encode(back)).Append("\">")
            .Append("<label for=\"rating-").Append(id).Append("\">Theo bạn, cơ sở này an toàn đến đâu?</label>")
            .Append("<select id=\"rating-").Append(id).Append("\" name=\"rating\" required><option value=\"\">— Chọn —</option>")
            .Append("<option value=\"5\">5 — Rất an toàn</option><option value=\"4\">4 — An toàn</option><option value=\"3\">3 — Tạm được</option>")
            .Append("<option value=\"2\">2 — Chưa an toàn</option><option value=\"1\">1 — Không an toàn</option></select>")
            .Append("<label for=\"comment-").Append(id).Append("\">Nhận xét (không bắt buộc)</label>")
            .Append("<textarea id=\"comment-").Append(id).Append("\" name=\"comment\" rows=\"3\" maxlength=\"").Append(SafetyMap.MaxCommentLength).Append("\"></textarea>")
            .Append("<button type=\"submit\">Gửi góp ý</button></form></details>")
            .ToString();
    }

    private static async Task<IResult> SendAsync(HttpContext context, PortalBackend backend)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var back = ReturnPath.IsSafeLocal(form[BackField]) && form[BackField].ToString().StartsWith("/ban-do-an-toan", StringComparison.Ordinal)
            ? form[BackField].ToString()
            : "/ban-do-an-toan";
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(back);
        var rating = int.TryParse(form["rating"], out var chosen) ? chosen : 0;
        try
        {
            await backend.Safety.SubmitFeedbackAsync(
                new SubmitFeedbackRequest { VenueId = form["venue_id"].ToString(), Rating = rating, Comment = form["comment"].ToString() },
                PortalBackend.As(token, context.RequestAborted));
            return Results.Redirect(back + (back.Contains('?', StringComparison.Ordinal) ? "&" : "?") + SentParameter + "=1");
        }
        catch (RpcException failed)
        {
            return Html.Page("Góp ý chưa gửi được", $"<h1>Góp ý chưa gửi được</h1>{Html.Failure(failed)}<p><a href=\"{Html.Encode(back)}\">Quay lại bản đồ</a></p>", signedIn: true, StatusCodes.Status400BadRequest);
        }
    }
}
