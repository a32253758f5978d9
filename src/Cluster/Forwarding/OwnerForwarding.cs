using System.Diagnostics;
using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tracing.Cluster.Control;
using Yarp.ReverseProxy.Forwarder;

namespace Tracing.Cluster.Forwarding;

/// <summary>
/// First in the pipeline of every silo. On the owner of the control store it only applies a forwarding silo's client
/// address (<see cref="ForwardedClient"/>) and serves. On any other silo it forwards the request as it came to the
/// owner with YARP — gRPC (HTTP/2) to the owner's gRPC port, pages (HTTP/1.1) to its web port — and when the owner
/// cannot be reached (it died), looks the owner up again (the cluster activates the control grain on a survivor) and
/// tries once more; still nothing, it answers <see cref="UnavailableRefusal"/>.
/// </summary>
internal sealed class OwnerForwarding : IDisposable
{
    private const int BufferInMemory = 64 * 1024;

    // Kept for a resend: a page, a scan, or an upload stream (10,000 observations a batch, 50,000 a device a day).
    private const long RepeatableBodyLimit = 64L << 20;

    private readonly RequestDelegate _next;
    private readonly ControlRole _role;
    private readonly IHttpForwarder _forwarder;
    private readonly ClusterSettings _settings;
    private readonly ILogger<OwnerForwarding> _logger;
    private readonly HttpMessageInvoker _client;
    private readonly ToOwnerTransformer _transformer;
    private readonly UnavailableRefusal _unavailable;

    private static readonly ForwarderRequestConfig Grpc = new()
    {
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        // Streams (contact uploads, notification feeds) may stay open long between messages.
        ActivityTimeout = TimeSpan.FromMinutes(10),
    };

    private static readonly ForwarderRequestConfig Web = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        ActivityTimeout = TimeSpan.FromMinutes(2),
    };

    /// <summary>The middleware before <paramref name="next"/>.</summary>
    public OwnerForwarding(RequestDelegate next, ControlRole role, IHttpForwarder forwarder, ClusterSettings settings, UnavailableRefusal unavailable, ILogger<OwnerForwarding> logger)
    {
        _unavailable = unavailable;
        _next = next;
        _role = role;
        _forwarder = forwarder;
        _settings = settings;
        _logger = logger;
        _transformer = new ToOwnerTransformer(settings.Secret);
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(2),
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        });
    }

    /// <summary>Serves the request here when this silo owns the control store; forwards it to the owner otherwise.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (_role.IsOwner)
        {
            ForwardedClient.Apply(context, _settings.Secret);
            await _next(context).ConfigureAwait(false);
            return;
        }
        OwnerAddress owner;
        try
        {
            owner = await _role.OwnerAsync().ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is Matching.TracingException or OrleansException or TimeoutException)
        {
            ClusterLog.OwnerUnreachable(_logger, context.Request.Path, failure);
            await _unavailable.AnswerAsync(context).ConfigureAwait(false);
            return;
        }
        // A request that is safe to repeat is kept as it is read (64 KB in memory, then a temporary file up to 64 MB), so
        // that it can go again to a new owner; any other gets UNAVAILABLE when its owner died, and its caller decides.
        var repeatable = IsRepeatable(context.Request);
        if (repeatable)
            context.Request.EnableBuffering(BufferInMemory, RepeatableBodyLimit);
        for (var attempt = 0; ; attempt++)
        {
            if (_role.IsOwner || owner == _role.Self)
            {
                ForwardedClient.Apply(context, _settings.Secret);
                await _next(context).ConfigureAwait(false);
                return;
            }
            var grpc = HttpProtocol.IsHttp2(context.Request.Protocol);
            var destination = grpc ? owner.GrpcUrl : owner.WebUrl;
            var error = await _forwarder.SendAsync(context, destination, _client, grpc ? Grpc : Web, _transformer).ConfigureAwait(false);
            if (error == ForwarderError.None)
                return;
            var failure = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            if (attempt > 0 || !repeatable || context.Response.HasStarted || error != ForwarderError.Request)
            {
                ClusterLog.ForwardGaveUp(_logger, context.Request.Path, destination, error.ToString(), failure);
                if (!context.Response.HasStarted)
                    await _unavailable.AnswerAsync(context).ConfigureAwait(false);
                return;
            }
            ClusterLog.ForwardFailed(_logger, context.Request.Path, destination, error.ToString(), failure);
            var failed = owner;
            try
            {
                owner = await NextOwnerAsync(owner, context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception lookup) when (lookup is Matching.TracingException or OrleansException or TimeoutException)
            {
                ClusterLog.OwnerUnreachable(_logger, context.Request.Path, lookup);
                await _unavailable.AnswerAsync(context).ConfigureAwait(false);
                return;
            }
            // Sent again: a request the owner never received (the connection was refused), or one whose owner is gone
            // (the cluster moved the control store): that owner answered nothing, and will not.
            if (!NeverSent(failure) && owner == failed)
            {
                ClusterLog.ForwardGaveUp(_logger, context.Request.Path, destination, error.ToString(), failure);
                await _unavailable.AnswerAsync(context).ConfigureAwait(false);
                return;
            }
            context.Request.Body.Position = 0;
            context.Response.Clear();
            context.Features.Set<IForwarderErrorFeature>(null);
        }
    }

    /// <summary>
    /// The owner after <paramref name="failed"/> could not be reached: until the membership declares the dead owner
    /// dead, the control grain still answers from its directory entry, so the lookup is repeated (within the retry
    /// bound) until it names another silo — the survivor the control grain was activated on.
    /// </summary>
    private async Task<OwnerAddress> NextOwnerAsync(OwnerAddress failed, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var owner = await _role.OwnerAsync(again: true).ConfigureAwait(false);
            if (owner != failed || Stopwatch.GetElapsedTime(started).TotalSeconds > _settings.RetrySeconds)
                return owner;
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connections to the owner.</summary>
    public void Dispose() => _client.Dispose();

    /// <summary>
    /// Whether sending the request twice does what sending it once does: pages read without a body, scans (a receipt
    /// per client event id answers a repeat) and contact uploads (a batch id is stored once; a batch without one is
    /// the client's choice to risk a repeat, as when it resends itself). Other writes (a case report, a venue
    /// registration, a one-time password) are not.
    /// </summary>
    private static bool IsRepeatable(HttpRequest request)
        => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || s_repeatable.Contains(request.Path.Value ?? "");

    private static readonly HashSet<string> s_repeatable = new(StringComparer.Ordinal)
    {
        "/tracing.v1.CheckInService/Scan",
        "/tracing.v1.CheckInService/StreamScans",
        "/tracing.v1.ContactService/UploadContacts",
    };

    private static bool NeverSent(Exception? failure)
        => failure is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }
            or HttpRequestException { InnerException: System.Net.Sockets.SocketException }
            or OperationCanceledException { InnerException: TimeoutException };
}
