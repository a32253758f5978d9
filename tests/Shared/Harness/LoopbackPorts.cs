using System.Net;
using System.Net.Sockets;

namespace Tracing.Harness;

/// <summary>Free TCP ports on the loopback interface, as the operating system hands them out.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port nothing listens on right now (another process may still take it before it is bound).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
