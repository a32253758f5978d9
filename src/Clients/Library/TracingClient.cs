using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Tracing.V1;

namespace Tracing.Clients;

/// <summary>
/// A typed client of the tracing.v1 contract: one gRPC channel and the generated client of every service,
/// with the caller's credentials sent as metadata on every call.
/// </summary>
/// <remarks>
/// Clients made with <see cref="WithAccessToken"/> or <see cref="WithApiKey"/> share the channel of the client
/// they came from: dispose the original last. The server speaks HTTP/2 without TLS (<c>http://localhost:5000</c>),
/// so credentials travel as plain metadata rather than as <see cref="CallCredentials"/>, which require TLS.
/// </remarks>
public sealed partial class TracingClient : IDisposable
{
    /// <summary>The metadata key carrying a person's bearer token.</summary>
    public const string AuthorizationHeader = "authorization";

    /// <summary>The metadata key carrying a health department's or partner's API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    private readonly bool _ownsChannel;

    private TracingClient(GrpcChannel channel, bool ownsChannel, Metadata.Entry? credential)
    {
        Channel = channel;
        _ownsChannel = ownsChannel;
        Credential = credential;
        CallInvoker = credential is null
            ? channel.CreateCallInvoker()
            : channel.Intercept(headers => AddCredential(headers, credential));

        Auth = new AuthService.AuthServiceClient(CallInvoker);
        Venues = new VenueService.VenueServiceClient(CallInvoker);
        Declarations = new DeclarationService.DeclarationServiceClient(CallInvoker);
        CheckIn = new CheckInService.CheckInServiceClient(CallInvoker);
        Contacts = new ContactService.ContactServiceClient(CallInvoker);
        Cases = new CaseService.CaseServiceClient(CallInvoker);
        Exposures = new ExposureService.ExposureServiceClient(CallInvoker);
        Safety = new SafetyService.SafetyServiceClient(CallInvoker);
        Reports = new ReportService.ReportServiceClient(CallInvoker);
        Regions = new RegionService.RegionServiceClient(CallInvoker);
        Admin = new AdminService.AdminServiceClient(CallInvoker);
    }

    /// <summary>The channel every call of this client goes through.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The call invoker that adds this client's credentials; build other generated clients on it.</summary>
    public CallInvoker CallInvoker { get; }

    /// <summary>The credential sent with every call (<c>authorization</c> or <c>x-api-key</c>), or null for anonymous calls.</summary>
    public Metadata.Entry? Credential { get; }

    /// <summary>Sign-in: OTP by SMS and anonymous device registration.</summary>
    public AuthService.AuthServiceClient Auth { get; }

    /// <summary>Venues, their managers and QR codes.</summary>
    public VenueService.VenueServiceClient Venues { get; }

    /// <summary>Electronic health declarations.</summary>
    public DeclarationService.DeclarationServiceClient Declarations { get; }

    /// <summary>QR check-in and the scan history.</summary>
    public CheckInService.CheckInServiceClient CheckIn { get; }

    /// <summary>Bluetooth contact uploads.</summary>
    public ContactService.ContactServiceClient Contacts { get; }

    /// <summary>Confirmed cases, diagnosis keys and tracing reports.</summary>
    public CaseService.CaseServiceClient Cases { get; }

    /// <summary>Exposure notifications for partners and phones.</summary>
    public ExposureService.ExposureServiceClient Exposures { get; }

    /// <summary>The public safety map.</summary>
    public SafetyService.SafetyServiceClient Safety { get; }

    /// <summary>Roll-out coverage reports.</summary>
    public ReportService.ReportServiceClient Reports { get; }

    /// <summary>The administrative units of 2021 (provinces, districts, wards), for choosing a place without its code.</summary>
    public RegionService.RegionServiceClient Regions { get; }

    /// <summary>The operators' tools (an Operator key): online backups.</summary>
    public AdminService.AdminServiceClient Admin { get; }

    /// <summary>A client without credentials (sign-in, device registration, the public safety map).</summary>
    /// <param name="address">The server's gRPC address, e.g. <c>http://localhost:5000</c>.</param>
    public static TracingClient Anonymous(string address) => new(CreateChannel(address), ownsChannel: true, credential: null);

    /// <summary>A client for a person (citizen or venue manager) signed in with the token from VerifyOtp or RegisterDevice.</summary>
    /// <param name="address">The server's gRPC address, e.g. <c>http://localhost:5000</c>.</param>
    /// <param name="accessToken">The access token, sent as <c>authorization: Bearer &lt;token&gt;</c>.</param>
    public static TracingClient ForCitizen(string address, string accessToken) =>
        new(CreateChannel(address), ownsChannel: true, BearerCredential(accessToken));

    /// <summary>A client for a health department or partner system, authenticated by an API key.</summary>
    /// <param name="address">The server's gRPC address, e.g. <c>http://localhost:5000</c>.</param>
    /// <param name="apiKey">The API key, sent as <c>x-api-key: &lt;key&gt;</c>.</param>
    public static TracingClient ForApiKey(string address, string apiKey) =>
        new(CreateChannel(address), ownsChannel: true, ApiKeyCredential(apiKey));

    /// <summary>An anonymous client over a channel the caller owns (for example one over a test server's handler).</summary>
    public static TracingClient FromChannel(GrpcChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new TracingClient(channel, ownsChannel: false, credential: null);
    }

    /// <summary>A client for a person over this client's channel; it does not own the channel.</summary>
    public TracingClient WithAccessToken(string accessToken) => new(Channel, ownsChannel: false, BearerCredential(accessToken));

    /// <summary>A client for an API key over this client's channel; it does not own the channel.</summary>
    public TracingClient WithApiKey(string apiKey) => new(Channel, ownsChannel: false, ApiKeyCredential(apiKey));

    /// <summary>Disposes the channel if this client created it.</summary>
    public void Dispose()
    {
        if (_ownsChannel)
        {
            Channel.Dispose();
        }
    }

    private static GrpcChannel CreateChannel(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (!Uri.TryCreate(address, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{address}' is not a server address; give one such as http://localhost:5000.", nameof(address));
        }

        return GrpcChannel.ForAddress(uri);
    }

    private static Metadata.Entry BearerCredential(string accessToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        return new Metadata.Entry(AuthorizationHeader, "Bearer " + accessToken);
    }

    private static Metadata.Entry ApiKeyCredential(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        return new Metadata.Entry(ApiKeyHeader, apiKey);
    }

    private static Metadata AddCredential(Metadata headers, Metadata.Entry credential)
    {
        // A caller's metadata is always copied rather than changed, so one Metadata object reused across
        // clients never carries another client's credential.
        var copy = new Metadata();
        bool hasCredential = false;
        foreach (Metadata.Entry entry in headers)
        {
            copy.Add(entry);
            hasCredential |= string.Equals(entry.Key, credential.Key, StringComparison.OrdinalIgnoreCase);
        }

        // A credential the caller set on this one call wins over the client's own.
        if (!hasCredential)
        {
            copy.Add(credential);
        }

        return copy;
    }
}
