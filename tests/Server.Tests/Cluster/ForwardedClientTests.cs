using System.Net;
using Microsoft.AspNetCore.Http;
using Tracing.Cluster.Forwarding;

namespace Tracing.Server.Tests.Cluster;

/// <summary>
/// The owner believes a forwarded client address only from a silo that proves itself with the cluster's secret, so a
/// phone cannot dodge the per-address limits by claiming another address.
/// </summary>
public sealed class ForwardedClientTests
{
    private const string Secret = "cluster-secret-42";

    [Fact]
    public void A_proven_silo_passes_on_the_phone_s_address()
    {
        var context = Request(from: "10.0.0.7", forwardedFor: "203.0.113.9", proof: Secret);
        ForwardedClient.Apply(context, Secret);
        Assert.Equal(IPAddress.Parse("203.0.113.9"), context.Connection.RemoteIpAddress);
        Assert.False(context.Request.Headers.ContainsKey(ForwardedClient.SecretHeader));
        Assert.False(context.Request.Headers.ContainsKey("X-Forwarded-For"));
    }

    [Fact]
    public void Only_the_address_the_silo_saw_is_taken_from_a_longer_chain()
    {
        var context = Request(from: "10.0.0.7", forwardedFor: "198.51.100.1, 203.0.113.9", proof: Secret);
        ForwardedClient.Apply(context, Secret);
        Assert.Equal(IPAddress.Parse("203.0.113.9"), context.Connection.RemoteIpAddress);
        Assert.Equal("198.51.100.1", context.Request.Headers["X-Forwarded-For"].ToString());
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("")]
    public void A_caller_without_the_secret_keeps_its_own_address(string proof)
    {
        var context = Request(from: "10.0.0.7", forwardedFor: "203.0.113.9", proof: proof);
        ForwardedClient.Apply(context, Secret);
        Assert.Equal(IPAddress.Parse("10.0.0.7"), context.Connection.RemoteIpAddress);
        Assert.False(context.Request.Headers.ContainsKey(ForwardedClient.SecretHeader));
    }

    /// <summary>
    /// Behind the operator's own proxy on the same machine the phone's address arrives in X-Forwarded-For from loopback;
    /// a phone that adds a wrong cluster header must not make that header vanish (loopback without it is a local tool,
    /// which no per-address limit counts).
    /// </summary>
    [Fact]
    public void A_wrong_cluster_header_does_not_erase_a_local_proxy_s_address()
    {
        var context = Request(from: "127.0.0.1", forwardedFor: "203.0.113.9", proof: "guessed");
        ForwardedClient.Apply(context, Secret);
        Assert.Equal(IPAddress.Loopback, context.Connection.RemoteIpAddress);
        Assert.Equal("203.0.113.9", context.Request.Headers["X-Forwarded-For"].ToString());
    }

    [Fact]
    public void Without_a_configured_secret_no_claim_is_believed()
    {
        var context = Request(from: "10.0.0.7", forwardedFor: "203.0.113.9", proof: "anything");
        ForwardedClient.Apply(context, "");
        Assert.Equal(IPAddress.Parse("10.0.0.7"), context.Connection.RemoteIpAddress);
    }

    [Fact]
    public void A_forwarder_adds_the_address_it_saw_after_the_chain()
    {
        var context = Request(from: "203.0.113.9", forwardedFor: "198.51.100.1", proof: null);
        Assert.Equal("198.51.100.1, 203.0.113.9", ForwardedClient.ChainOf(context));
        Assert.Equal("203.0.113.9", ForwardedClient.ChainOf(Request(from: "203.0.113.9", forwardedFor: null, proof: null)));
    }

    private static DefaultHttpContext Request(string from, string? forwardedFor, string? proof)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        if (forwardedFor is not null)
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        if (proof is not null)
            context.Request.Headers[ForwardedClient.SecretHeader] = proof;
        return context;
    }
}
