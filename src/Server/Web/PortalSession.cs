namespace Tracing.Server.Web;

/// <summary>
/// The portal's sign-in: the access token from VerifyOtp, kept in an HttpOnly cookie (no script reads it),
/// SameSite=Strict (a page of another site cannot send it; the forgery tokens of <see cref="PortalForms"/> hold
/// besides), and Secure when the browser reached the portal over TLS, directly or through a proxy listed in
/// <c>Tracing:Portal:TrustedProxies</c> (<see cref="PortalProxies"/>). Strict rather than Lax: a link from another
/// site opens the portal signed out (one more sign-in), which is the price of never sending the token cross-site.
/// </summary>
internal static class PortalSession
{
    private const string Cookie = "tracing_session";

    /// <summary>The signed-in phone, for the menu and the registration form only (the token is what the API trusts).</summary>
    private const string PhoneCookie = "tracing_phone";

    public static string? TokenOf(HttpContext context) => context.Request.Cookies.TryGetValue(Cookie, out var token) && token.Length > 0 ? token : null;

    /// <summary>The phone the person signed in with (canonical form), when the browser signed in through the portal.</summary>
    public static string? PhoneOf(HttpContext context)
        => TokenOf(context) is not null && context.Request.Cookies.TryGetValue(PhoneCookie, out var phone) && Matching.Registry.PhoneNumber.Normalize(phone) is { } canonical
            ? canonical
            : null;

    /// <summary>Keeps the session's token (and the phone it was signed in with, shown in the menu) until it expires.</summary>
    public static void SignIn(HttpContext context, string token, DateTimeOffset expiresAt, string? phone = null)
    {
        context.Response.Cookies.Append(Cookie, token, Options(context, expiresAt));
        if (Matching.Registry.PhoneNumber.Normalize(phone) is { } canonical)
            context.Response.Cookies.Append(PhoneCookie, canonical, Options(context, expiresAt));
        else
            context.Response.Cookies.Delete(PhoneCookie, new CookieOptions { Path = "/" });
    }

    public static void SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = "/" });
        context.Response.Cookies.Delete(PhoneCookie, new CookieOptions { Path = "/" });
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset expiresAt) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Expires = expiresAt,
        Path = "/",
    };

    /// <summary>Where to send someone who must sign in first, coming back to <paramref name="returnTo"/>.</summary>
    public static IResult SignInFirst(string returnTo) => Results.Redirect("/dang-nhap?tiep=" + Uri.EscapeDataString(returnTo));

    /// <summary>A local path to return to after signing in (anything else becomes the venue list); see <see cref="ReturnPath"/>.</summary>
    public static string SafeReturn(string? returnTo) => ReturnPath.SafeOrDefault(returnTo);
}
