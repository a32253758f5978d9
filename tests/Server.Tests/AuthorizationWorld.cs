using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>The callers of the authorization matrix, one column each.</summary>
public enum Role
{
    /// <summary>No credentials at all.</summary>
    Anonymous,

    /// <summary>A person signed in by phone and OTP who manages no venue.</summary>
    Citizen,

    /// <summary>A Bluetooth-only phone: an anonymous device registration, no verified phone.</summary>
    Device,

    /// <summary>A person who manages venue B, not venue A.</summary>
    OtherVenueManager,

    /// <summary>The person who registered, and so manages, venue A.</summary>
    Manager,

    /// <summary>The health department of province 01 (venue A, the case and the feed are of province 79).</summary>
    OtherProvinceHealth,

    /// <summary>The health department of province 79.</summary>
    Health,

    /// <summary>The partner system of province 79.</summary>
    Partner,

    /// <summary>The partner system of province 01.</summary>
    OtherProvincePartner,

    /// <summary>The people who run the service (an Operator key): backups.</summary>
    Operator,
}

/// <summary>
/// One real server and everyone the authorization matrix calls as, made once: the people of <see cref="Role"/>,
/// venue A (province 79) managed by <see cref="Role.Manager"/>, venue B managed by <see cref="Role.OtherVenueManager"/>,
/// and a case reported by the health department of 79 whose visit at venue A exposed a visitor, so that the
/// province's notification feed, the venue's scan history and the case's tracing report hold something.
/// </summary>
public sealed class AuthorizationWorld : IAsyncLifetime
{
    private readonly Dictionary<Role, TracingClient> _clients = [];
    private readonly Dictionary<Role, string> _userIds = [];
    private readonly Dictionary<Role, string> _phones = [];
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public SmsOutbox Outbox => new(Server.OutboxPath);

    /// <summary>Venue A, in province 79, managed by <see cref="Role.Manager"/>.</summary>
    public Venue VenueA { get; private set; } = null!;

    /// <summary>The personal QR payload of a visitor, for scans at the door.</summary>
    public string VisitorQr { get; private set; } = "";

    /// <summary>A case of province 79 with an exposure at venue A.</summary>
    public string CaseId { get; private set; } = "";

    public TracingClient Client(Role role) => _clients[role];

    /// <summary>The user id of a person's role; people only.</summary>
    public string UserIdOf(Role role) => _userIds[role];

    /// <summary>The phone a person's role signed in with; people signed in by phone only.</summary>
    public string PhoneOf(Role role) => _phones[role];

    public TracingClient Health => _clients[Role.Health];

    public TracingClient Anonymous => _clients[Role.Anonymous];

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync();
        _clients[Role.Anonymous] = Server.Anonymous();
        _clients[Role.OtherProvinceHealth] = Server.WithApiKey(ServerProcess.OtherProvinceHealthKey);
        _clients[Role.Health] = Server.WithApiKey(ServerProcess.HealthKey);
        _clients[Role.Partner] = Server.WithApiKey(ServerProcess.PartnerKey);
        _clients[Role.OtherProvincePartner] = Server.WithApiKey(ServerProcess.OtherProvincePartnerKey);
        _clients[Role.Operator] = Server.WithApiKey(ServerProcess.OperatorKey);
        foreach (var role in new[] { Role.Citizen, Role.OtherVenueManager, Role.Manager })
        {
            _phones[role] = Citizens.NewPhone();
            (_clients[role], _userIds[role]) = await Citizens.SignedInAsync(Server, _phones[role]);
        }
        (_clients[Role.Device], _userIds[Role.Device]) = await Citizens.DeviceAsync(Server);

        VenueA = await Citizens.RegisterVenueAsync(_clients[Role.Manager], "Quán Cơm Tấm Ma Trận");
        await Citizens.RegisterVenueAsync(_clients[Role.OtherVenueManager], "Tiệm Sách Bên Cạnh");

        var (patient, patientId) = await Citizens.DeclaredDeviceAsync(Server, "Lâm Văn Ca Bệnh");
        var (visitor, _) = await Citizens.DeclaredDeviceAsync(Server, "Lâm Thị Tiếp Xúc");
        var noon = Citizens.ThisMinute().AddHours(-3);
        await Citizens.VisitAsync(patient, VenueA, noon, noon.AddHours(1));
        await Citizens.VisitAsync(visitor, VenueA, noon.AddMinutes(30), noon.AddMinutes(90));
        VisitorQr = (await visitor.Venues.GetPersonalQrCodeAsync(new GetPersonalQrCodeRequest())).Payload;
        var report = await Health.Cases.ReportCaseAsync(new ReportCaseRequest { UserId = patientId, TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) });
        if (report.ExposuresFound == 0)
            throw new InvalidOperationException("The case's visit at venue A exposed no one; the notification feed of 79 would be empty.");
        CaseId = report.CaseId;
        patient.Dispose();
        visitor.Dispose();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values)
            client.Dispose();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
