using Tracing.Matching;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Registry;
using Tracing.Server.Grpc;
using Tracing.Server.Security;
using Tracing.V1;
using EngineDirection = Tracing.Matching.Model.ScanDirection;
using EngineMethod = Tracing.Matching.Model.ScanMethod;

namespace Tracing.Server.CheckIn;

/// <summary>
/// Turns one scan request into a recorded scan: checks the signed QR payloads, who may scan for a venue
/// (controller and manual entry are for the venue's managers) and the fields, then records it in the ledger.
/// The call is answered once what it wrote is durable (<see cref="TracingEngine.WhenDurableAsync"/>).
/// </summary>
public sealed class ScanHandler(TracingEngine engine, QrPayloads qr)
{
    /// <summary>Records the scan; throws a <see cref="TracingException"/> for anything refused.</summary>
    /// <remarks>
    /// A manual entry that creates (or completes) its visitor waits for that to be durable before the scan is recorded:
    /// the scan's receipt answers every retry with the scan first recorded, so it must never name a visitor that a crash
    /// could still take back (a retry would be acknowledged with a person who no longer exists, or whose number another has).
    /// </remarks>
    /// <param name="caller">Who sent it.</param>
    /// <param name="request">The scan.</param>
    /// <param name="managedVenues">
    /// Venues already checked as managed by <paramref name="caller"/> on this call (a door scanner's stream sends
    /// thousands of scans for the same venue; managers are only ever added); null for a single scan.
    /// </param>
    /// <param name="cancellationToken">The call's.</param>
    public async ValueTask<ScanResponse> HandleAsync(Caller caller, ScanRequest request, Dictionary<string, VenueInfo>? managedVenues = null, CancellationToken cancellationToken = default)
    {
        var device = caller.RequirePerson();
        var direction = request.Direction switch
        {
            Direction.In => EngineDirection.In,
            Direction.Out => EngineDirection.Out,
            _ => throw new TracingException(TracingError.InvalidArgument, "direction is required: DIRECTION_IN or DIRECTION_OUT."),
        };
        var scannedAt = ProtoMapping.Required(request.ScannedAt, "scanned_at");
        var (venue, person, method) = request.Method switch
        {
            V1.ScanMethod.Self => SelfScan(device, request),
            V1.ScanMethod.Controller => ControllerScan(device, request, managedVenues),
            V1.ScanMethod.Manual => await ManualEntryAsync(device, request, managedVenues, cancellationToken).ConfigureAwait(false),
            _ => throw new TracingException(TracingError.InvalidArgument, "method is required: SCAN_METHOD_SELF, _CONTROLLER or _MANUAL."),
        };
        var controller = method == EngineMethod.Self ? 0u : device.Number;
        var result = engine.CheckIns.Record(new ScanCommand(device.UserId, request.ClientEventId, person, venue, scannedAt, direction, method, controller));
        // A repeated delivery is answered as the first one was, at the venue recorded then.
        if (result.Duplicate && result.Venue != venue.Number)
            venue = engine.Venues.Find(result.Venue) ?? venue;
        return new ScanResponse
        {
            Status = result.Outcome == ScanOutcome.Accepted ? ScanStatus.Accepted : ScanStatus.DeclarationRequired,
            VenueId = venue.VenueId,
            VenueName = venue.Name,
            Duplicate = result.Duplicate,
            Message = result.Outcome == ScanOutcome.Accepted
                ? (direction == EngineDirection.In ? $"Đã ghi nhận vào {venue.Name}." : $"Đã ghi nhận ra khỏi {venue.Name}.")
                : "Scan recorded, but no valid health declaration: file one (SubmitDeclaration) and scan again.",
        };
    }

    private (VenueInfo, Person, EngineMethod) SelfScan(Person device, ScanRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.QrPayload))
            throw new TracingException(TracingError.InvalidArgument, "qr_payload is required for SCAN_METHOD_SELF: the text of the venue's QR code.");
        var venueId = qr.VenueOf(request.QrPayload)
            ?? throw new TracingException(TracingError.InvalidArgument, "This QR code is not a genuine venue code of this system (forged or altered). Scan the poster at the door, or tell the staff.");
        var venue = engine.Venues.Find(venueId) ?? throw new TracingException(TracingError.NotFound, "The venue of this QR code is no longer registered.");
        return (venue, device, EngineMethod.Self);
    }

    private (VenueInfo, Person, EngineMethod) ControllerScan(Person device, ScanRequest request, Dictionary<string, VenueInfo>? managedVenues)
    {
        var venue = ManagedVenue(device, request.VenueId, managedVenues);
        if (string.IsNullOrWhiteSpace(request.SubjectQrPayload))
            throw new TracingException(TracingError.InvalidArgument, "subject_qr_payload is required for SCAN_METHOD_CONTROLLER: the visitor's personal QR code.");
        var userId = qr.PersonOf(request.SubjectQrPayload)
            ?? throw new TracingException(TracingError.InvalidArgument, "This personal QR code is not genuine (forged or altered). Ask the visitor to open their code in the app.");
        var person = engine.People.Find(userId) ?? throw new TracingException(TracingError.NotFound, "The person of this QR code is not registered.");
        return (venue, person, EngineMethod.Controller);
    }

    private async ValueTask<(VenueInfo, Person, EngineMethod)> ManualEntryAsync(Person device, ScanRequest request, Dictionary<string, VenueInfo>? managedVenues, CancellationToken cancellationToken)
    {
        var venue = ManagedVenue(device, request.VenueId, managedVenues);
        var visitor = request.ManualVisitor
            ?? throw new TracingException(TracingError.InvalidArgument, "manual_visitor is required for SCAN_METHOD_MANUAL: the visitor's full name and phone.");
        if (string.IsNullOrWhiteSpace(visitor.FullName) || visitor.FullName.Length > 100)
            throw new TracingException(TracingError.InvalidArgument, "manual_visitor.full_name is required (at most 100 characters).");
        var phone = PhoneNumber.Require(visitor.Phone, "manual_visitor.phone");
        Person person;
        WrittenStores visitorWritten;
        using (var visitorWrites = engine.TrackWrites())
        {
            person = engine.People.ForPhone(phone, verified: false, visitor.FullName.Trim(), visitor.BirthYear);
            visitorWritten = visitorWrites.TakeWritten();
        }
        await engine.WhenDurableAsync(visitorWritten, cancellationToken).ConfigureAwait(false);
        return (venue, person, EngineMethod.Manual);
    }

    private VenueInfo ManagedVenue(Person device, string venueId, Dictionary<string, VenueInfo>? managedVenues)
    {
        if (managedVenues is not null && managedVenues.TryGetValue(venueId, out var known))
            return known;
        if (string.IsNullOrWhiteSpace(venueId))
            throw new TracingException(TracingError.InvalidArgument, "venue_id is required for controller and manual scans: the venue at whose door you scan.");
        var venue = engine.Venues.Require(venueId);
        if (!engine.Venues.IsManager(device.UserId, venueId))
            throw new TracingException(TracingError.PermissionDenied, "Only the venue's managers can scan visitors for it; add the venue with AddManagedVenue.");
        managedVenues?.TryAdd(venueId, venue);
        return venue;
    }
}
