using System.Text;

namespace Tracing.Server.Web;

/// <summary>
/// A page of the portal as a result: drawn when it is sent, so that every form in it gets the forgery token of the
/// browser it goes to (<see cref="PortalForms.WithTokens"/>).
/// </summary>
internal sealed class PortalPage(string html, int statusCode) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => statusCode;

    /// <inheritdoc />
    public string ContentType => "text/html; charset=utf-8";

    /// <summary>The page as drawn, before tokens are added.</summary>
    public string Html => html;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var page = PortalForms.WithTokens(httpContext, Personal(httpContext, html));
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = ContentType;
        var bytes = Encoding.UTF8.GetBytes(page);
        httpContext.Response.ContentLength = bytes.Length;
        return httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
    }

    /// <summary>The page with the signed-in phone in the menu and the menu's link to the page being read marked.</summary>
    private static string Personal(HttpContext context, string page)
    {
        var phone = PortalSession.PhoneOf(context);
        page = page.Replace(Web.Html.PhoneMarker, phone is null ? "" : $"<span class=\"phone\" title=\"Số điện thoại đã đăng nhập\">{Web.Html.Encode(phone)}</span>", StringComparison.Ordinal);
        var path = context.Request.Path.Value ?? "/";
        return page.Replace($"<a class=\"nav\" href=\"{path}\">", $"<a class=\"nav\" href=\"{path}\" aria-current=\"page\">", StringComparison.Ordinal);
    }
}
