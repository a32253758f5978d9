using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>Small steps the scenario tests repeat: sign people in, declare, scan, hear each other.</summary>
internal static class Citizens
{
    private static int _phoneCounter = 1_000_000;

    public static string NewPhone() => $"0912{Interlocked.Increment(ref _phoneCounter) % 1_000_000:D6}";

    /// <summary>An anonymous device with a filed declaration.</summary>
    public static async Task<(TracingClient Client, string UserId)> DeclaredDeviceAsync(ServerProcess server, string fullName)
    {
        using var anonymous = server.Anonymous();
        var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "test" });
        var client = server.WithToken(device.AccessToken);
        await client.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = fullName,
            BirthYear = 1990,
            Gender = Gender.Female,
            Phone = NewPhone(),
            Kind = DeclarationKind.Domestic,
        });
        return (client, device.UserId);
    }

    /// <summary>A person signed in by phone and OTP (read from the development outbox).</summary>
    public static async Task<(TracingClient Client, string UserId)> SignedInAsync(ServerProcess server, string phone)
    {
        using var anonymous = server.Anonymous();
        var response = await anonymous.SignInWithOtpAsync(phone, new SmsOutbox(server.OutboxPath));
        return (server.WithToken(response.AccessToken), response.UserId);
    }

    public static async Task<Venue> RegisterVenueAsync(TracingClient manager, string name, string province = "79")
    {
        var response = await manager.Venues.RegisterVenueAsync(new RegisterVenueRequest
        {
            Name = name,
            ProvinceCode = province,
            DistrictCode = "760",
            WardCode = "26734",
            StreetAddress = "1 Lê Lợi, Bến Nghé",
            RegistrantName = "Nguyễn Văn Quản",
            RegistrantPhone = "0901234567",
        });
        return response.Venue;
    }

    public static Task<ScanResponse> ScanAsync(TracingClient person, Venue venue, Direction direction, DateTimeOffset at)
        => person.CheckIn.ScanAsync(new ScanRequest
        {
            ClientEventId = Guid.NewGuid().ToString(),
            QrPayload = venue.QrPayload,
            Direction = direction,
            ScannedAt = Timestamp.FromDateTimeOffset(at),
            Method = ScanMethod.Self,
        }).ResponseAsync;

    public static async Task VisitAsync(TracingClient person, Venue venue, DateTimeOffset from, DateTimeOffset until)
    {
        await ScanAsync(person, venue, Direction.In, from);
        await ScanAsync(person, venue, Direction.Out, until);
    }
}
