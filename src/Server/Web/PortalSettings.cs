namespace Tracing.Server.Web;

/// <summary>The <c>Tracing:Portal</c> configuration section: how the web portal is reached.</summary>
public sealed class PortalSettings
{
    /// <summary>
    /// Reverse proxies (an address such as <c>10.0.0.5</c>, or a network such as <c>10.0.0.0/24</c>) whose
    /// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> the portal believes: a proxy that ends TLS says so, and the
    /// portal's cookies are then marked <c>Secure</c>. Empty (the default): the headers are ignored from everyone,
    /// since anyone could send them.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
}
