using System.Text.RegularExpressions;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;

namespace Tracing.Server.Web;

/// <summary>
/// Forgery protection for every form of the portal, in one place: each page drawn by <see cref="Html.Page"/> gets a
/// hidden token in every <c>&lt;form method="post"&gt;</c> (the sign-in forms included), and every unsafe request
/// that is not a gRPC call must carry a token that matches the browser's token cookie, or it is answered
/// 400 with a page that says to reload. A page added later is covered without doing anything: it is drawn by
/// <see cref="Html.Page"/> and posted through the same pipeline.
/// </summary>
/// <remarks>
/// The session cookie is also SameSite=Strict (<see cref="PortalSession"/>); the token is what holds when that is not
/// enough: a browser without SameSite, a sibling subdomain (same site), or the anonymous forms (sign-in, check-in),
/// which have no session cookie to withhold. The tokens are ASP.NET Core's antiforgery tokens, signed with the data
/// protection keys kept under <c>&lt;data-dir&gt;/keys/data-protection</c>, so they outlive a restart.
/// </remarks>
internal static partial class PortalForms
{
    /// <summary>The hidden field every posted form carries.</summary>
    public const string FieldName = "__RequestVerificationToken";

    /// <summary>The cookie holding the browser's half of the token pair.</summary>
    public const string CookieName = "tracing_forms";

    /// <summary>Registers antiforgery with the portal's cookie and field, and its keys under <paramref name="dataDir"/>.</summary>
    public static IServiceCollection AddPortalForms(this IServiceCollection services, string dataDir)
    {
        services.AddDataProtection()
            .SetApplicationName("Tracing")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys", "data-protection")));
        services.AddAntiforgery(options =>
        {
            options.FormFieldName = FieldName;
            options.HeaderName = null;
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            // Secure when the browser reached the portal over TLS, directly or through a trusted proxy (PortalProxies).
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>Refuses every unsafe request to a page that does not carry a valid token (gRPC calls are not pages).</summary>
    public static void UsePortalForms(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (NeedsToken(context))
        {
            try
            {
                await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException)
            {
                await Refused().ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }
        await next(context).ConfigureAwait(false);
    });

    /// <summary>
    /// <paramref name="html"/> with a hidden token field after the opening tag of every form that posts; the
    /// token's cookie is set on the response.
    /// </summary>
    public static string WithTokens(HttpContext context, string html)
    {
        if (!PostingForm().IsMatch(html))
            return html;
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var field = $"<input type=\"hidden\" name=\"{FieldName}\" value=\"{Html.Encode(tokens.RequestToken)}\">";
        return PostingForm().Replace(html, tag => tag.Value + field);
    }

    private static bool NeedsToken(HttpContext context)
        => !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
            && context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is null
            && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true;

    private static IResult Refused() => Html.Page(
        "Biểu mẫu không hợp lệ",
        """
        <h1>Biểu mẫu đã hết hạn hoặc không hợp lệ</h1>
        <p class="notice error" role="alert">Yêu cầu này không đến từ một trang của Tracing, hoặc trang đã mở quá lâu. Không có gì được lưu. Hãy quay lại, tải lại trang rồi gửi lại.</p>
        <p><a href="/">Về trang chủ</a></p>
        """,
        signedIn: false,
        StatusCodes.Status400BadRequest);

    /// <summary>The opening tag of a form whose method is POST, however its attributes are written.</summary>
    [GeneratedRegex("""<form\b[^>]*\bmethod\s*=\s*["']?post\b["']?[^>]*>""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PostingForm();
}
