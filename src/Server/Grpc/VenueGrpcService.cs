using Google.Protobuf;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.Server.Messaging;
using Tracing.Server.Privacy;
using Tracing.Server.Qr;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>
/// VenueService: venue registration, managers, and QR codes. Who may see or change a venue is decided by
/// <see cref="VenueAccess"/>; the managers' own calls are in <c>VenueGrpcService.Managers.cs</c>.
/// </summary>
public sealed partial class VenueGrpcService(TracingEngine engine, QrPayloads qr, AuditLog audit, ISmsSender sms) : VenueService.VenueServiceBase
{
    private readonly VenueAccess _access = new(engine);

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
                RegistrantPhone = VenueAccess.RegistrantPhoneFor(person, request.RegistrantPhone),
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
            throw new TracingException(TracingError.Unauthenticated, "Sign in (bearer token) or send an API key to look up venues.", "Bạn hãy đăng nhập để tra cứu địa điểm.");
        var venue = Find(request.VenueId);
        var privileged = _access.MaySeeRegistrant(caller, venue);
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
    public override Task<GetVenueQrCodeResponse> GetVenueQrCode(GetVenueQrCodeRequest request, ServerCallContext context)
    {
        var venue = _access.RequireMayPrintQr(context.Caller(), request.VenueId);
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
            throw new TracingException(TracingError.InvalidArgument, "Posters are for venues; ask for QR_FORMAT_PNG or QR_FORMAT_SVG.", "Áp phích chỉ dành cho địa điểm; bạn hãy chọn ảnh PNG hoặc SVG.");
        var subject = engine.People.SelfOrDependent(person, request.SubjectUserId);
        var (payload, expiresAt) = qr.ForPerson(subject.UserId);
        var (contentType, data) = Render(request.Format, payload);
        return Task.FromResult(new GetPersonalQrCodeResponse { ContentType = contentType, Data = data, Payload = payload, ExpiresAt = expiresAt.ToTimestamp(), FullName = subject.FullName });
    }

    private VenueInfo Find(string venueId)
    {
        if (string.IsNullOrWhiteSpace(venueId))
            throw new TracingException(TracingError.InvalidArgument, "venue_id is required.", "Bạn hãy nhập mã địa điểm.");
        return engine.Venues.Require(venueId);
    }

    private static (string ContentType, ByteString Data) Render(QrFormat format, string payload) => format switch
    {
        QrFormat.Unspecified or QrFormat.Png => ("image/png", ByteString.CopyFrom(QrImages.Png(payload))),
        QrFormat.Svg => ("image/svg+xml", ByteString.CopyFromUtf8(QrImages.Svg(payload))),
        _ => throw new TracingException(TracingError.InvalidArgument, $"format {format} is not one of PNG, SVG, POSTER.", "Bạn hãy chọn định dạng mã QR: ảnh PNG, SVG hoặc áp phích."),
    };
}
