using Google.Protobuf;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.Server.Privacy;
using Tracing.Server.Qr;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>VenueService: venue registration, managers, and QR codes.</summary>
public sealed class VenueGrpcService(TracingEngine engine, QrPayloads qr, AuditLog audit) : VenueService.VenueServiceBase
{
    /// <inheritdoc />
    public override async Task<RegisterVenueResponse> RegisterVenue(RegisterVenueRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequireVerifiedPhone();
        var venue = engine.Venues.Register(
            new VenueRegistration
            {
                Name = request.Name,
                ProvinceCode = request.ProvinceCode,
                DistrictCode = request.DistrictCode,
                WardCode = request.WardCode,
                StreetAddress = request.StreetAddress,
                RegistrantName = request.RegistrantName,
                RegistrantPhone = PhoneNumber.Require(request.RegistrantPhone, "registrant_phone"),
                ParentVenueId = request.ParentVenueId,
                Category = request.Category,
                Latitude = request.HasLatitude ? request.Latitude : null,
                Longitude = request.HasLongitude ? request.Longitude : null,
                Labels = [.. request.Labels],
            },
            person.UserId);
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new RegisterVenueResponse { Venue = venue.ToProto(qr.ForVenue(venue.VenueId), showRegistrant: true) };
    }

    /// <inheritdoc />
    public override Task<GetVenueResponse> GetVenue(GetVenueRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        if (caller.Kind == CallerKind.Anonymous)
            throw new TracingException(TracingError.Unauthenticated, "Sign in (bearer token) or send an API key to look up venues.");
        var venue = Find(request.VenueId);
        // The registrant's name and phone are for the venue's managers and its province's health department.
        var privileged = caller.Kind == CallerKind.HealthDepartment
            ? caller.CoversProvince(venue.ProvinceCode)
            : caller.Person is { } p && engine.Venues.IsManager(p.UserId, venue.VenueId);
        if (caller.Kind == CallerKind.HealthDepartment && privileged)
            audit.Record(caller, nameof(GetVenue), $"venue={venue.VenueId} (its registrant)", 1);
        return Task.FromResult(new GetVenueResponse { Venue = venue.ToProto(qr.ForVenue(venue.VenueId), privileged) });
    }

    /// <inheritdoc />
    public override Task<ListMyVenuesResponse> ListMyVenues(ListMyVenuesRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        var response = new ListMyVenuesResponse();
        foreach (var venue in engine.Venues.ManagedBy(person.UserId))
            response.Venues.Add(venue.ToProto(qr.ForVenue(venue.VenueId), showRegistrant: true));
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override async Task<AddManagedVenueResponse> AddManagedVenue(AddManagedVenueRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequireVerifiedPhone();
        var venue = Find(request.VenueId);
        engine.Venues.AddManager(person.UserId, venue.VenueId);
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new AddManagedVenueResponse { Venue = venue.ToProto(qr.ForVenue(venue.VenueId), showRegistrant: true) };
    }

    /// <inheritdoc />
    public override Task<GetVenueQrCodeResponse> GetVenueQrCode(GetVenueQrCodeRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        // Credentials first, so that a caller without them learns nothing of which venues exist.
        var person = caller.Kind == CallerKind.HealthDepartment ? null : caller.RequirePerson();
        var venue = Find(request.VenueId);
        if (person is null)
        {
            if (!caller.CoversProvince(venue.ProvinceCode))
                throw new TracingException(TracingError.PermissionDenied, $"Venue '{venue.VenueId}' lies outside your province {caller.Province}.");
        }
        else if (!engine.Venues.IsManager(person.UserId, venue.VenueId))
        {
            throw new TracingException(TracingError.PermissionDenied, "Only the venue's managers can print its QR code; add it with AddManagedVenue.");
        }
        var payload = qr.ForVenue(venue.VenueId);
        var province = AdministrativeRegions.ProvinceNames.GetValueOrDefault(venue.Details.ProvinceCode, venue.Details.ProvinceCode);
        var (contentType, data) = request.Format == QrFormat.Poster
            ? ("image/svg+xml", ByteString.CopyFromUtf8(QrImages.Poster(payload, venue.Name, $"{venue.Details.StreetAddress}, {province}", VenueCode.Display(venue.VenueId))))
            : Render(request.Format, payload);
        return Task.FromResult(new GetVenueQrCodeResponse { ContentType = contentType, Data = data, Payload = payload });
    }

    /// <inheritdoc />
    public override Task<GetPersonalQrCodeResponse> GetPersonalQrCode(GetPersonalQrCodeRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        if (request.Format == QrFormat.Poster)
            throw new TracingException(TracingError.InvalidArgument, "Posters are for venues; ask for QR_FORMAT_PNG or QR_FORMAT_SVG.");
        var (payload, expiresAt) = qr.ForPerson(person.UserId);
        var (contentType, data) = Render(request.Format, payload);
        return Task.FromResult(new GetPersonalQrCodeResponse { ContentType = contentType, Data = data, Payload = payload, ExpiresAt = expiresAt.ToTimestamp() });
    }

    private VenueInfo Find(string venueId)
    {
        if (string.IsNullOrWhiteSpace(venueId))
            throw new TracingException(TracingError.InvalidArgument, "venue_id is required.");
        return engine.Venues.Require(venueId);
    }

    private static (string ContentType, ByteString Data) Render(QrFormat format, string payload) => format switch
    {
        QrFormat.Unspecified or QrFormat.Png => ("image/png", ByteString.CopyFrom(QrImages.Png(payload))),
        QrFormat.Svg => ("image/svg+xml", ByteString.CopyFromUtf8(QrImages.Svg(payload))),
        _ => throw new TracingException(TracingError.InvalidArgument, $"format {format} is not one of PNG, SVG, POSTER."),
    };
}
