using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tracing.Harness;

/// <summary>
/// Free TCP ports on the loopback interface for the servers tests and benches start, chosen below the kernel's
/// ephemeral range. A port the kernel hands out for port 0 comes from that range, and once its probe closes the kernel
/// may hand it again, as the source port of any connection opened before the server binds it: a crash test's restart
/// failed that way ("address already in use"). Below the range only an explicit bind takes a port; each port is checked
/// free, and this process hands none out twice.
/// </summary>
internal static class LoopbackPorts
{
    private const int Lowest = 10_000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly int s_ephemeralStart = EphemeralStart();

    /// <summary>A port nothing listens on right now, that no outgoing connection is given meanwhile.</summary>
    public static int Free()
    {
        lock (s_handedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, s_ephemeralStart);
                if (!s_handedOut.Contains(port) && Bindable(port))
                {
                    s_handedOut.Add(port);
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No free loopback port between {Lowest} and {s_ephemeralStart} after 1,000 tries.");
    }

    private static bool Bindable(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of the kernel's ephemeral range (Linux's default, 32768, where the file is absent).</summary>
    private static int EphemeralStart()
    {
        if (File.Exists(EphemeralRangeFile)
            && int.TryParse(File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && start > Lowest + 1_000)
            return start;
        return 32_768;
    }
}
