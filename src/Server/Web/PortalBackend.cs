using Grpc.Core;
using Grpc.Net.Client;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The portal is a client of the same gRPC contract as every other program (over loopback, with the signed-in
/// person's token), so it can never show or do more than the API allows that person: the same rules, the same
/// masking, the same error messages.
/// </summary>
internal sealed class PortalBackend(IConfiguration configuration) : IDisposable
{
    private readonly Lazy<GrpcChannel> _channel = new(() => GrpcChannel.ForAddress(LoopbackOf(configuration["Kestrel:Endpoints:Grpc:Url"] ?? "http://localhost:5000")));

    public AuthService.AuthServiceClient Auth => new(_channel.Value);

    public VenueService.VenueServiceClient Venues => new(_channel.Value);

    public CheckInService.CheckInServiceClient CheckIn => new(_channel.Value);

    public DeclarationService.DeclarationServiceClient Declarations => new(_channel.Value);

    public SafetyService.SafetyServiceClient Safety => new(_channel.Value);

    public ReportService.ReportServiceClient Reports => new(_channel.Value);

    public ExposureService.ExposureServiceClient Exposures => new(_channel.Value);

    /// <summary>Call options carrying a person's token.</summary>
    public static CallOptions As(string token, CancellationToken cancellationToken)
        => new(new Metadata { { "authorization", "Bearer " + token } }, cancellationToken: cancellationToken);

    /// <summary>
    /// Call options for a signed-in person's call that the limits per network address also count (an access request
    /// texts a venue's registrant): the token, and the person's address as <c>x-forwarded-for</c>, as for a visitor.
    /// </summary>
    public static CallOptions As(string token, HttpContext context)
    {
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        if (context.Connection.RemoteIpAddress is { } address)
            headers.Add("x-forwarded-for", address.ToString());
        return new CallOptions(headers, cancellationToken: context.RequestAborted);
    }

    /// <summary>
    /// Call options for an anonymous call on behalf of a visitor: their address goes as <c>x-forwarded-for</c>, so
    /// that the limits per network address (device registrations, SMS codes) count the visitor, not this host.
    /// </summary>
    public static CallOptions ForVisitor(HttpContext context)
        => new(
            context.Connection.RemoteIpAddress is { } address ? new Metadata { { "x-forwarded-for", address.ToString() } } : null,
            cancellationToken: context.RequestAborted);

    /// <summary>Call options for a health department's or partner's API key (sent as <c>x-api-key</c>).</summary>
    public static CallOptions WithApiKey(string apiKey, CancellationToken cancellationToken)
        => new(new Metadata { { "x-api-key", apiKey } }, cancellationToken: cancellationToken);

    public void Dispose()
    {
        if (_channel.IsValueCreated)
            _channel.Value.Dispose();
    }

    /// <summary>The gRPC endpoint as this process reaches it: a wildcard host becomes the loopback address.</summary>
    private static string LoopbackOf(string url)
    {
        var uri = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return new UriBuilder(uri) { Host = host }.Uri.ToString();
    }
}
