using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Tracing.Cluster.Forwarding;

/// <summary>
/// Copies the request as it came, adds the client's address (<c>X-Forwarded-For</c>) and the cluster's proof that a
/// silo forwards it (<see cref="ForwardedClient.SecretHeader"/>).
/// </summary>
internal sealed class ToOwnerTransformer(string secret) : HttpTransformer
{
    /// <inheritdoc/>
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Remove("X-Forwarded-For");
        proxyRequest.Headers.TryAddWithoutValidation("X-Forwarded-For", ForwardedClient.ChainOf(httpContext));
        proxyRequest.Headers.Remove(ForwardedClient.SecretHeader);
        if (secret.Length > 0)
            proxyRequest.Headers.TryAddWithoutValidation(ForwardedClient.SecretHeader, secret);
    }
}
