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
        var page = PortalForms.WithTokens(httpContext, html);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = ContentType;
        var bytes = Encoding.UTF8.GetBytes(page);
        httpContext.Response.ContentLength = bytes.Length;
        return httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
    }
}
