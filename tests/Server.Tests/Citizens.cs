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

    public static async Task<Venue> RegisterVenueAsync(
        TracingClient manager, string name, string province = "79", string district = "760", string ward = "26734", string category = "", (double Latitude, double Longitude)? at = null)
    {
        var request = new RegisterVenueRequest
        {
            Name = name,
            ProvinceCode = province,
            DistrictCode = district,
            WardCode = ward,
            StreetAddress = "1 Lê Lợi, Bến Nghé",
            RegistrantName = "Nguyễn Văn Quản",
            Category = category,
        };
        if (at is { } position)
            (request.Latitude, request.Longitude) = position;
        return (await manager.Venues.RegisterVenueAsync(request)).Venue;
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

    /// <summary>An anonymous device that has not declared anything.</summary>
    public static async Task<(TracingClient Client, string UserId)> DeviceAsync(ServerProcess server)
    {
        using var anonymous = server.Anonymous();
        var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "test" });
        return (server.WithToken(device.AccessToken), device.UserId);
    }

    /// <summary>Files a domestic declaration for the client's own person.</summary>
    public static Task<SubmitDeclarationResponse> DeclareAsync(TracingClient person, string fullName, int birthYear = 1990)
        => person.Declarations.SubmitDeclarationAsync(new SubmitDeclarationRequest
        {
            FullName = fullName,
            BirthYear = birthYear,
            Gender = Gender.Male,
            Kind = DeclarationKind.Domestic,
        }).ResponseAsync;

    /// <summary>The bearer token a person client sends, to open a new client with it (after a restart, say).</summary>
    public static string TokenOf(TracingClient person)
    {
        var value = person.Credential?.Value ?? throw new InvalidOperationException("The client has no bearer token.");
        return value["Bearer ".Length..];
    }

    /// <summary>Midnight in Vietnam (UTC+7) that began the day holding <paramref name="instant"/> there: the day reports count by.</summary>
    public static DateTimeOffset StartOfVietnamDay(DateTimeOffset instant)
    {
        var local = instant.ToOffset(Matching.VietnamTime.Offset);
        return new DateTimeOffset(local.Date, Matching.VietnamTime.Offset);
    }

    /// <summary>Now, truncated to the minute, so that times survive the store's whole-second resolution.</summary>
    public static DateTimeOffset ThisMinute()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
    }

    /// <summary>A scan at a venue's door made by its staff: the visitor's personal QR (controller mode).</summary>
    public static Task<ScanResponse> ControllerScanAsync(TracingClient staff, Venue venue, string personalQrPayload, Direction direction, DateTimeOffset at)
        => staff.CheckIn.ScanAsync(new ScanRequest
        {
            ClientEventId = Guid.NewGuid().ToString(),
            VenueId = venue.VenueId,
            SubjectQrPayload = personalQrPayload,
            Direction = direction,
            ScannedAt = Timestamp.FromDateTimeOffset(at),
            Method = ScanMethod.Controller,
        }).ResponseAsync;

    /// <summary>A visitor without a smartphone typed in by the venue's staff.</summary>
    public static Task<ScanResponse> ManualEntryAsync(TracingClient staff, Venue venue, ManualVisitor visitor, Direction direction, DateTimeOffset at)
        => staff.CheckIn.ScanAsync(new ScanRequest
        {
            ClientEventId = Guid.NewGuid().ToString(),
            VenueId = venue.VenueId,
            ManualVisitor = visitor,
            Direction = direction,
            ScannedAt = Timestamp.FromDateTimeOffset(at),
            Method = ScanMethod.Manual,
        }).ResponseAsync;

    /// <summary>The scan history the caller may see of the venues, newest first.</summary>
    public static async Task<List<ScanRecord>> HistoryAsync(TracingClient reader, params string[] venueIds)
    {
        using var call = reader.CheckIn.ListScanHistory(new ListScanHistoryRequest { VenueIds = { venueIds } });
        var records = new List<ScanRecord>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
            records.Add(call.ResponseStream.Current.Scan);
        return records;
    }

    /// <summary>Every message of a server stream, in order.</summary>
    public static async Task<List<T>> ReadToEndAsync<T>(global::Grpc.Core.IAsyncStreamReader<T> stream)
    {
        var messages = new List<T>();
        while (await stream.MoveNext(CancellationToken.None))
            messages.Add(stream.Current);
        return messages;
    }

    /// <summary>The person's own visits.</summary>
    public static async Task<List<Visit>> VisitsAsync(TracingClient person)
        => (await person.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest())).Visits.ToList();
}
