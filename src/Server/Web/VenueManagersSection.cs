using System.Text;
using Grpc.Core;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// "Người quản lý" on a venue's page: its managers (phones masked but the reader's own), a form to add a co-manager by
/// phone, and a button to remove each co-manager (never the registrant; a building's managers are removed at the
/// building). What may be done is the API's to decide; this only shows it.
/// </summary>
internal static class VenueManagersSection
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/dia-diem/{venueId}/nguoi-quan-ly", AddAsync);
        app.MapPost("/dia-diem/{venueId}/nguoi-quan-ly/xoa", RemoveAsync);
    }

    /// <summary>Appends the section for <paramref name="venue"/> to a page's body; nothing when the reader may not see its managers.</summary>
    public static async Task AppendAsync(StringBuilder body, PortalBackend backend, CallOptions call, Venue venue, IQueryCollection query)
    {
        ListVenueManagersResponse managers;
        try
        {
            managers = await backend.Venues.ListVenueManagersAsync(new ListVenueManagersRequest { VenueId = venue.VenueId }, call);
        }
        catch (RpcException failed) when (failed.StatusCode == StatusCode.PermissionDenied)
        {
            return;
        }
        var self = $"/dia-diem/{Uri.EscapeDataString(venue.VenueId)}";
        body.Append("<h2 id=\"nguoi-quan-ly\">Người quản lý</h2>");
        if (query["quan-ly"] == "them")
            body.Append(Html.Notice("ok", "Đã thêm người quản lý. Họ quản lý địa điểm này khi đăng nhập bằng số điện thoại đó."));
        else if (query["quan-ly"] == "xoa")
            body.Append(Html.Notice("ok", "Đã xoá người quản lý."));
        body.Append("<div class=\"table-wrap\"><table id=\"quan-ly\" class=\"cards\"><thead><tr><th>Số điện thoại</th><th>Vai trò</th><th>Trạng thái</th><th></th></tr></thead><tbody>");
        foreach (var manager in managers.Managers)
        {
            var role = manager.Registrant ? "Người đăng ký"
                : manager.ThroughVenueId.Length > 0 ? "Quản lý toà nhà " + VenueCode.Display(manager.ThroughVenueId)
                : "Đồng quản lý";
            body.Append("<tr><td data-label=\"Số điện thoại\">").Append(Html.Encode(manager.Phone)).Append(manager.You ? " (bạn)" : "").Append("</td>")
                .Append("<td data-label=\"Vai trò\">").Append(Html.Encode(role)).Append("</td>")
                .Append("<td data-label=\"Trạng thái\">").Append(manager.PhoneVerified ? "Đã đăng nhập" : "Chưa đăng nhập").Append("</td><td>");
            if (!manager.Registrant && manager.ThroughVenueId.Length == 0)
            {
                var action = manager.You ? "Rời khỏi" : "Xoá";
                body.Append("<form method=\"post\" action=\"").Append(self).Append("/nguoi-quan-ly/xoa\">")
                    .Append("<input type=\"hidden\" name=\"user\" value=\"").Append(Html.Encode(manager.UserId)).Append("\">")
                    .Append("<button type=\"submit\" aria-label=\"").Append(action).Append(' ').Append(Html.Encode(manager.Phone)).Append("\">")
                    .Append(action).Append("</button></form>");
            }
            body.Append("</td></tr>");
        }
        body.Append("</tbody></table></div>")
            .Append("<form method=\"post\" action=\"").Append(self).Append("/nguoi-quan-ly\">")
            .Append("<label for=\"quan-ly-moi\">Số điện thoại người quản lý mới</label>")
            .Append("<input id=\"quan-ly-moi\" name=\"phone\" type=\"tel\" required placeholder=\"0912 345 678\" autocomplete=\"off\">")
            .Append("<button type=\"submit\">Thêm người quản lý</button></form>");
    }

    private static async Task<IResult> AddAsync(HttpContext context, PortalBackend backend, string venueId)
    {
        var self = $"/dia-diem/{Uri.EscapeDataString(venueId)}";
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(self);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        try
        {
            await backend.Venues.AddManagedVenueAsync(new AddManagedVenueRequest { VenueId = venueId, Phone = form["phone"].ToString() }, PortalBackend.As(token, context.RequestAborted));
            return Results.Redirect(self + "?quan-ly=them#nguoi-quan-ly");
        }
        catch (RpcException failed)
        {
            return Refused(self, failed);
        }
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, PortalBackend backend, string venueId)
    {
        var self = $"/dia-diem/{Uri.EscapeDataString(venueId)}";
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(self);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var call = PortalBackend.As(token, context.RequestAborted);
        try
        {
            await backend.Venues.RemoveVenueManagerAsync(new RemoveVenueManagerRequest { VenueId = venueId, UserId = form["user"].ToString() }, call);
        }
        catch (RpcException failed)
        {
            return Refused(self, failed);
        }
        // Someone who left the venue can no longer open its page.
        var stillManages = (await backend.Venues.ListMyVenuesAsync(new ListMyVenuesRequest(), call)).Venues.Any(v => v.VenueId == venueId);
        return Results.Redirect(stillManages ? self + "?quan-ly=xoa#nguoi-quan-ly" : "/dia-diem");
    }

    private static IResult Refused(string self, RpcException failed)
        => failed.StatusCode == StatusCode.Unauthenticated
            ? PortalSession.SignInFirst(self)
            : Html.Page("Người quản lý", "<h1>Người quản lý</h1>" + Html.Failure(failed) + $"<p><a href=\"{self}#nguoi-quan-ly\">Quay lại địa điểm</a></p>", signedIn: true);
}
