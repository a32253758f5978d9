using System.Net;
using System.Net.Sockets;

namespace Tracing.Server;

/// <summary>
/// The addresses the server listens on (<c>Kestrel:Endpoints:*:Url</c>, and <c>Tracing:Telemetry:PrometheusUrl</c>),
/// checked before the store opens: a port another process listens on refuses the start, naming the address and the
/// setting, rather than failing once the store is opened and its log replayed.
/// </summary>
internal static class ListenPorts
{
    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first address another process listens on.</summary>
    public static void RequireFree(IConfiguration configuration)
    {
        var addresses = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => (Setting: $"Kestrel:Endpoints:{endpoint.Key}:Url", Url: endpoint["Url"]))
            .Append(("Tracing:Telemetry:PrometheusUrl", configuration["Tracing:Telemetry:PrometheusUrl"]));
        foreach (var (setting, url) in addresses)
        {
            // A malformed address is Kestrel's (or the telemetry check's) to refuse; only a port in use is looked for here.
            var parsable = url?.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (Uri.TryCreate(parsable, UriKind.Absolute, out var uri) && EndpointsOf(uri).Any(InUse))
                throw InUseRefusal(url!, setting);
        }
    }

    /// <summary>The refusal for an address in use: which one, that another process listens there, and what to change.</summary>
    public static InvalidOperationException InUseRefusal(string url, string setting)
        => new($"{url} ({setting}): address already in use, another process listens on that port. Stop that process, or set another port in {setting}.");

    /// <summary>Where Kestrel binds an address: both loopbacks for localhost, one address for an IP, every interface for any other host.</summary>
    private static IEnumerable<IPEndPoint> EndpointsOf(Uri url)
    {
        if (url.IsLoopback && !IPAddress.TryParse(url.DnsSafeHost, out _))
            return [new(IPAddress.Loopback, url.Port), new(IPAddress.IPv6Loopback, url.Port)];
        if (IPAddress.TryParse(url.DnsSafeHost, out var ip))
            return [new(ip, url.Port)];
        return [new(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, url.Port)];
    }

    /// <summary>
    /// Whether binding <paramref name="endpoint"/> fails because the port is taken. The socket is bound as Kestrel binds
    /// it (with <c>SO_REUSEADDR</c> on Unix, as .NET sets it), never listens, and is closed at once.
    /// </summary>
    private static bool InUse(IPEndPoint endpoint)
    {
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
                socket.DualMode = true;
            socket.Bind(endpoint);
            return false;
        }
        catch (SocketException refused)
        {
            // Any other failure (no IPv6 on this machine, an address that is not this machine's) is Kestrel's to report.
            return refused.SocketErrorCode == SocketError.AddressAlreadyInUse;
        }
    }
}
