using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tracing.Cluster.Forwarding;

/// <summary>
/// The client address of a request another silo forwarded: the forwarding silo proves it is one by the cluster's
/// shared secret (<see cref="ClusterSettings.Secret"/>) in <see cref="SecretHeader"/>, and only then is the last
/// <c>X-Forwarded-For</c> entry — the address the forwarder saw — taken as the connection's, so that the limits per
/// network address count the phone, not the silo. Without the proof the claimed secret is dropped and the request is
/// treated as any other (its <c>X-Forwarded-For</c> believed only as the address rule believes a client's proxy).
/// </summary>
internal static class ForwardedClient
{
    /// <summary>The header a forwarding silo proves itself with.</summary>
    public const string SecretHeader = "x-tracing-cluster";

    /// <summary>Applies a proven forwarder's client address to <paramref name="context"/>; drops unproven claims.</summary>
    public static void Apply(HttpContext context, string secret)
    {
        var headers = context.Request.Headers;
        if (!headers.TryGetValue(SecretHeader, out var proof))
            return;
        headers.Remove(SecretHeader);
        // Dropping X-Forwarded-For too would let any client turn a proxy's header off (and look like a local tool).
        if (secret.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(proof.ToString()), Encoding.UTF8.GetBytes(secret)))
            return;
        var forwarded = headers["X-Forwarded-For"].ToString();
        var last = forwarded.LastIndexOf(',');
        if (!IPAddress.TryParse(forwarded[(last + 1)..].Trim(), out var client))
            return;
        context.Connection.RemoteIpAddress = client;
        // What is left is what the client's own proxies said: the address rule reads it only from loopback, as before.
        if (last < 0)
            headers.Remove("X-Forwarded-For");
        else
            headers["X-Forwarded-For"] = forwarded[..last];
    }

    /// <summary>The <c>X-Forwarded-For</c> value a forwarder sends: what the request carried, then the address it came from.</summary>
    public static string ChainOf(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is { IsIPv4MappedToIPv6: true })
            remote = remote.MapToIPv4();
        var previous = context.Request.Headers["X-Forwarded-For"].ToString();
        var address = remote?.ToString() ?? "";
        return previous.Length == 0 ? address : previous + ", " + address;
    }
}
