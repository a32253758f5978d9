using System.Net;
using System.Net.Sockets;
using Grpc.Core;

namespace Tracing.Server.Limits;

/// <summary>
/// The network address a call is limited by. A call from another host counts against its own address. A call from
/// this host is a proxy's — the web portal in this process, or a reverse proxy beside the server — and counts
/// against the address it forwards, the last one in <c>x-forwarded-for</c>; from this host without one, it is an
/// operator's tool (the CLI's demo and simulate) and no address limit applies. IPv6 addresses count by their /64
/// prefix, the block one subscriber holds, so that stepping through it gains nothing.
/// </summary>
internal static class ClientAddress
{
    /// <summary>The address key of the call, or null when no address limit applies.</summary>
    public static string? Of(ServerCallContext context)
    {
        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        if (remote is null)
            return null;
        if (IPAddress.IsLoopback(remote))
        {
            var forwarded = context.RequestHeaders.GetValue("x-forwarded-for");
            if (string.IsNullOrWhiteSpace(forwarded) || !IPAddress.TryParse(forwarded[(forwarded.LastIndexOf(',') + 1)..].Trim(), out var client))
                return null;
            remote = client;
        }
        if (remote.IsIPv4MappedToIPv6)
            remote = remote.MapToIPv4();
        if (IPAddress.IsLoopback(remote))
            return null;
        if (remote.AddressFamily != AddressFamily.InterNetworkV6)
            return remote.ToString();
        var bytes = remote.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes) + "/64";
    }
}
