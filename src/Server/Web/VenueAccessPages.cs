using System.Text;
using Grpc.Core;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// "Xin quyền quản lý": a person asks for access to a venue by the code on its poster; the registrant gets an approval
/// code by SMS and, if they agree, passes it on; the person enters it here and manages the venue.
/// </summary>
internal static class VenueAccessPages
{
    private const string Path = "/dia-diem/xin-quyen";

    public static void Map(WebApplication app)
    {
        app.MapGet(Path, Show);
        app.MapPost(Path, RequestAsync);
        app.MapPost(Path + "/xac-nhan", ApproveAsync);
    }

    /// <summary>The request form for the venue list page: the venue's code, and a link for who already has an approval code.</summary>
    public static string RequestForm()
        => "<h2>Xin quyền quản lý địa điểm đã đăng ký</h2>"
            + "<p>Người đăng ký địa điểm sẽ nhận mã xác nhận qua SMS; nếu đồng ý, họ đưa mã cho bạn. Người quản lý địa điểm cũng có thể thêm số điện thoại của bạn.</p>"
            + $"<form method=\"post\" action=\"{Path}\">"
            + "<label for=\"code\">Mã địa điểm (in trên áp phích)</label><input id=\"code\" name=\"code\" required placeholder=\"V-XXXXX-XXXXX-X\" autocomplete=\"off\">"
            + "<button type=\"submit\">Gửi yêu cầu</button></form>"
            + $"<p><a href=\"{Path}\">Đã có mã xác nhận của người đăng ký? Nhập mã</a></p>";

    private static IResult Show(HttpContext context)
        => PortalSession.TokenOf(context) is null ? PortalSession.SignInFirst(Path) : Render(context.Request.Query["ma"].ToString(), "");

    private static async Task<IResult> RequestAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst("/dia-diem");
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var code = form["code"].ToString().Trim();
        try
        {
            var sent = await backend.Venues.RequestVenueAccessAsync(new RequestVenueAccessRequest { VenueId = code }, PortalBackend.As(token, context));
            var until = Html.Time(sent.ExpiresAt.ToDateTimeOffset());
            return Render(code, Html.Notice("ok", $"Đã gửi mã xác nhận tới số của người đăng ký ({sent.RegistrantPhone}). Khi họ đồng ý và đưa mã cho bạn, nhập mã trước {until}."));
        }
        catch (RpcException failed) when (failed.StatusCode == StatusCode.AlreadyExists)
        {
            return Results.Redirect("/dia-diem");
        }
        catch (RpcException failed) when (failed.StatusCode != StatusCode.Unauthenticated)
        {
            return Render(code, Html.Failure(failed), asked: false);
        }
        catch (RpcException)
        {
            return PortalSession.SignInFirst("/dia-diem");
        }
    }

    private static async Task<IResult> ApproveAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(Path);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var venue = form["venue"].ToString().Trim();
        try
        {
            var added = await backend.Venues.AddManagedVenueAsync(
                new AddManagedVenueRequest { VenueId = venue, ApprovalCode = form["approval"].ToString().Trim() }, PortalBackend.As(token, context.RequestAborted));
            return Results.Redirect($"/dia-diem/{Uri.EscapeDataString(added.Venue.VenueId)}");
        }
        catch (RpcException failed) when (failed.StatusCode == StatusCode.PermissionDenied)
        {
            // A wrong code, not a lack of rights: say so plainly, with the tries left.
            return Render(venue, Html.Notice("error", $"Mã xác nhận không đúng. {failed.Readable()}"));
        }
        catch (RpcException failed) when (failed.StatusCode != StatusCode.Unauthenticated)
        {
            return Render(venue, Html.Failure(failed));
        }
        catch (RpcException)
        {
            return PortalSession.SignInFirst(Path);
        }
    }

    /// <summary>The page with the approval-code form (and, when the request itself failed, the request form again).</summary>
    private static IResult Render(string venue, string notice, bool asked = true)
    {
        var body = new StringBuilder("<h1>Xin quyền quản lý</h1>").Append(notice);
        if (!asked)
        {
            body.Append(RequestForm());
            return Html.Page("Xin quyền quản lý", body.ToString(), signedIn: true);
        }
        var shown = VenueCode.TryRead(venue, out var canonical, out _) ? VenueCode.Display(canonical) : venue;
        body.Append("<form method=\"post\" action=\"").Append(Path).Append("/xac-nhan\">")
            .Append("<label for=\"venue\">Mã địa điểm</label><input id=\"venue\" name=\"venue\" required placeholder=\"V-XXXXX-XXXXX-X\" autocomplete=\"off\" value=\"").Append(Html.Encode(shown)).Append("\">")
            .Append("<label for=\"approval\">Mã xác nhận của người đăng ký (6 chữ số)</label>")
            .Append("<input id=\"approval\" name=\"approval\" required inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9 ]{6,8}\" placeholder=\"123456\">")
            .Append("<button type=\"submit\">Xác nhận</button></form>")
            .Append("<p><a href=\"/dia-diem\">Quay lại danh sách địa điểm</a></p>");
        return Html.Page("Xin quyền quản lý", body.ToString(), signedIn: true);
    }
}
