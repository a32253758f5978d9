using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Tracing.Server.Web;

/// <summary>
/// Lets a TLS-ending reverse proxy in front of the portal tell it the browser's scheme and address
/// (<c>X-Forwarded-Proto</c>, <c>X-Forwarded-For</c>), believed only from the proxies in
/// <see cref="PortalSettings.TrustedProxies"/>. With it the portal's cookies are <c>Secure</c> behind the proxy and the
/// limits per network address count the visitor, not the proxy. gRPC calls are left alone: their address rule is
/// <see cref="Limits.ClientAddress"/>'s.
/// </summary>
internal static class PortalProxies
{
    /// <summary>Adds the forwarded-headers step for page requests when proxies are configured.</summary>
    /// <exception cref="InvalidOperationException">An entry is neither an address nor a network: the message says which.</exception>
    public static void UsePortalProxies(this WebApplication app, PortalSettings settings)
    {
        if (settings.TrustedProxies.Length == 0)
            return;
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback; only what the operator listed is trusted here.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in settings.TrustedProxies)
        {
            if (IPAddress.TryParse(entry, out var address))
                options.KnownProxies.Add(address);
            else if (System.Net.IPNetwork.TryParse(entry, out var network))
                options.KnownIPNetworks.Add(network);
            else
                throw new InvalidOperationException($"Tracing:Portal:TrustedProxies has '{entry}', which is neither an IP address (10.0.0.5) nor a network (10.0.0.0/24). List the reverse proxies that end TLS in front of the portal.");
        }
        app.UseWhen(
            context => context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true,
            branch => branch.UseForwardedHeaders(options));
    }
}
