using Tracing.Matching;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Regions;
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
public sealed class ScanHandler(TracingEngine engine, QrPayloads qr, TimeProvider time)
{
    /// <summary>
    /// How far a manual door entry's <c>scanned_at</c> may lie from the server's clock: staff type a visitor in as they
    /// pass the door, so an entry is at the time of entry, not back-dated (which would place someone at a case's venue
    /// and time). App and door-scanner scans keep their own rules: offline devices deliver backlogs.
    /// </summary>
    public static readonly TimeSpan ManualEntryTolerance = TimeSpan.FromMinutes(15);

    /// <summary>The longest free text on a paper declaration.</summary>
    private const int MaxPaperText = 500;

    /// <summary>Records the scan; throws a <see cref="TracingException"/> for anything refused.</summary>
    /// <remarks>
    /// A manual entry that creates its visitor or keeps what staff typed waits for that to be durable before the scan is recorded:
    /// the scan's receipt answers every retry with the scan first recorded, so it must never name a visitor that a crash
    /// could still take back (a retry would be acknowledged with a person who no longer exists, or whose number another has).
    /// </remarks>
    /// <param name="caller">Who sent it.</param>
    /// <param name="request">The scan.</param>
    /// <param name="managedVenues">
    /// Venues already checked as managed by <paramref name="caller"/> on this call (a door scanner's stream sends
    /// thousands of scans for the same venue: it is looked up once, its managers checked on each scan); null for a single scan.
    /// </param>
    /// <param name="cancellationToken">The call's.</param>
    public async ValueTask<ScanResponse> HandleAsync(Caller caller, ScanRequest request, Dictionary<string, VenueInfo>? managedVenues = null, CancellationToken cancellationToken = default)
    {
        var device = caller.RequirePerson();
        var direction = request.Direction switch
        {
            Direction.In => EngineDirection.In,
            Direction.Out => EngineDirection.Out,
            _ => throw new TracingException(TracingError.InvalidArgument, "direction is required: DIRECTION_IN or DIRECTION_OUT.", "Bạn hãy chọn chiều quét: vào hay ra."),
        };
        var scannedAt = ProtoMapping.Required(request.ScannedAt, "scanned_at");
        var paper = request.Method == V1.ScanMethod.Manual ? PaperScreening(request.ManualVisitor) : null;
        var (venue, person, method) = request.Method switch
        {
            V1.ScanMethod.Self => SelfScan(device, request),
            V1.ScanMethod.Controller => ControllerScan(device, request, managedVenues),
            V1.ScanMethod.Manual => await ManualEntryAsync(device, request, scannedAt, direction, managedVenues, cancellationToken).ConfigureAwait(false),
            _ => throw new TracingException(TracingError.InvalidArgument, "method is required: SCAN_METHOD_SELF, _CONTROLLER or _MANUAL.", "Bạn hãy chọn cách ghi nhận: tự quét mã, quét mã cá nhân của khách, hay nhập tay."),
        };
        var controller = method == EngineMethod.Self ? 0u : device.Number;
        var result = await engine.CheckIns.RecordAsync(new ScanCommand(device.UserId, request.ClientEventId, person, venue, scannedAt, direction, method, controller) { PaperScreening = paper }).ConfigureAwait(false);
        // A repeated delivery is answered as the first one was, at the venue recorded then.
        if (result.Duplicate && result.Venue != venue.Number)
            venue = engine.Venues.Find(result.Venue) ?? venue;
        var response = new ScanResponse
        {
            Status = result.Outcome == ScanOutcome.Accepted ? ScanStatus.Accepted : ScanStatus.DeclarationRequired,
            VenueId = venue.VenueId,
            VenueName = venue.Name,
            Duplicate = result.Duplicate,
            Message = result.Outcome == ScanOutcome.Accepted
                ? (direction == EngineDirection.In ? $"Đã ghi nhận vào {venue.Name}." : $"Đã ghi nhận ra khỏi {venue.Name}.")
                : "Đã ghi nhận lượt quét, nhưng bạn chưa có tờ khai y tế còn hiệu lực. Bạn hãy khai báo y tế rồi quét lại.",
        };
        // Only the person themselves (their own scan) and the staff who just filled in a paper form see why a screening
        // is what it is: the door sees the colour of someone else's declaration, never its answers (a manager could
        // otherwise read anyone's symptoms by typing their phone in).
        var screening = method == EngineMethod.Self || paper is not null ? result.Screening : result.Screening with { Reasons = [] };
        response.Screening = ScreeningMapping.ToProto(screening);
        // A visitor who needs checking is recorded all the same (nothing lost); the message says what to do.
        if (ScreeningMapping.DoorAdvice(screening) is { Length: > 0 } advice)
            response.Message += " " + advice;
        return response;
    }

    /// <summary>
    /// The screening of a paper declaration staff filed with a manual entry (<see cref="ManualVisitor.PaperDeclaration"/>),
    /// its address checked first; null without one.
    /// </summary>
    private static ScreeningOutcome? PaperScreening(ManualVisitor? visitor)
    {
        if (visitor is not { PaperDeclaration: true })
            return null;
        var problems = AdministrativeRegions.Problems(visitor.ProvinceCode, visitor.DistrictCode, visitor.WardCode, required: false)
            .Select(p => p with { Field = "manual_visitor." + p.Field })
            .ToList();
        // A paper declaration is for a walk-in without a phone: with a phone, staff could pin a screening they made up on
        // that phone's owner. A visitor with a phone declares themselves.
        if (visitor.Phone.Length > 0)
        {
            problems.Add(new FieldRefusal(
                "manual_visitor.phone",
                "A paper declaration is for a walk-in without a phone: leave manual_visitor.phone empty (a visitor with a phone declares for themselves).",
                "Tờ khai giấy chỉ dành cho khách không có điện thoại; khách có điện thoại tự khai báo y tế bằng số của mình."));
        }
        if (visitor.TravelHistory.Length > MaxPaperText)
            problems.Add(new FieldRefusal("manual_visitor.travel_history", $"manual_visitor.travel_history is longer than {MaxPaperText} characters.", $"Nơi đã đến dài quá {MaxPaperText} ký tự."));
        if ((visitor.Symptoms?.Other.Length ?? 0) > MaxPaperText)
            problems.Add(new FieldRefusal("manual_visitor.symptoms.other", $"manual_visitor.symptoms.other is longer than {MaxPaperText} characters.", $"Triệu chứng khác dài quá {MaxPaperText} ký tự."));
        if (problems.Count > 0)
            throw new TracingException(problems);
        return HealthScreening.Of(ScreeningMapping.Answers(visitor.Symptoms, visitor.ExposureHistory, visitor.TravelHistory));
    }

    private (VenueInfo, Person, EngineMethod) SelfScan(Person device, ScanRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.QrPayload))
            throw new TracingException(TracingError.InvalidArgument, "qr_payload is required for SCAN_METHOD_SELF: the text of the venue's QR code.", "Chưa có nội dung mã QR của địa điểm. Bạn hãy quét mã QR dán tại cửa.");
        var venueId = qr.VenueOf(request.QrPayload)
            ?? throw new TracingException(TracingError.InvalidArgument, "This QR code is not a genuine venue code of this system (forged or altered). Scan the poster at the door, or tell the staff.", "Mã QR này không phải mã địa điểm thật của hệ thống (bị giả mạo hoặc sửa đổi). Bạn hãy quét mã QR dán tại cửa, hoặc báo cho nhân viên.");
        var venue = engine.Venues.Find(venueId) ?? throw new TracingException(TracingError.NotFound, "The venue of this QR code is no longer registered.", "Địa điểm của mã QR này không còn được đăng ký.");
        return (venue, device, EngineMethod.Self);
    }

    private (VenueInfo, Person, EngineMethod) ControllerScan(Person device, ScanRequest request, Dictionary<string, VenueInfo>? managedVenues)
    {
        var venue = ManagedVenue(device, request.VenueId, managedVenues);
        if (string.IsNullOrWhiteSpace(request.SubjectQrPayload))
            throw new TracingException(TracingError.InvalidArgument, "subject_qr_payload is required for SCAN_METHOD_CONTROLLER: the visitor's personal QR code.", "Chưa có nội dung mã QR cá nhân của khách. Bạn hãy quét mã QR cá nhân của khách.");
        var code = qr.PersonOf(request.SubjectQrPayload);
        if (code.Expired)
        {
            throw new TracingException(
                TracingError.FailedPrecondition,
                $"This personal QR code has expired (a code is valid for {QrPayloads.PersonalCodeLifetime.TotalDays:0} days after it is shown or printed). Ask the visitor to open their code again in the app, or to print a new one.",
                $"Mã QR cá nhân này đã hết hạn (mã có giá trị {QrPayloads.PersonalCodeLifetime.TotalDays:0} ngày kể từ khi hiển thị hoặc in). Bạn hãy nhờ khách mở lại mã trong ứng dụng, hoặc in mã mới.");
        }
        var userId = code.UserId
            ?? throw new TracingException(TracingError.InvalidArgument, "This personal QR code is not genuine (forged or altered). Ask the visitor to open their code in the app.", "Mã QR cá nhân này không phải mã thật (bị giả mạo hoặc sửa đổi). Bạn hãy nhờ khách mở mã trong ứng dụng.");
        var person = engine.People.Find(userId) ?? throw new TracingException(TracingError.NotFound, "The person of this QR code is not registered.", "Người có mã QR cá nhân này chưa đăng ký trong hệ thống.");
        return (venue, person, EngineMethod.Controller);
    }

    private async ValueTask<(VenueInfo, Person, EngineMethod)> ManualEntryAsync(Person device, ScanRequest request, DateTimeOffset scannedAt, EngineDirection direction, Dictionary<string, VenueInfo>? managedVenues, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (scannedAt < now - ManualEntryTolerance || scannedAt > now + ManualEntryTolerance)
        {
            throw new TracingException(
                TracingError.InvalidArgument,
                $"scanned_at {scannedAt:u} is not the time of entry: a manual entry is typed in as the visitor passes the door, within {ManualEntryTolerance.TotalMinutes:0} minutes of the server's clock ({now:u}). Send the current time; check the device clock.",
                $"Thời điểm nhập tay phải là lúc khách qua cửa, lệch không quá {ManualEntryTolerance.TotalMinutes:0} phút so với giờ của hệ thống. Bạn hãy kiểm tra ngày giờ trên thiết bị.");
        }
        var venue = ManagedVenue(device, request.VenueId, managedVenues);
        var visitor = request.ManualVisitor
            ?? throw new TracingException(TracingError.InvalidArgument, "manual_visitor is required for SCAN_METHOD_MANUAL: the visitor's full name and phone.", "Khi nhập tay, bạn hãy nhập Họ và tên và Số điện thoại của khách.");
        if (string.IsNullOrWhiteSpace(visitor.FullName) || visitor.FullName.Length > 100)
            throw new TracingException(TracingError.InvalidArgument, "manual_visitor.full_name is required (at most 100 characters).", "Bạn hãy nhập Họ và tên của khách (tối đa 100 ký tự).");
        // A walk-in without a phone is taken in with a paper declaration: the phone may then be left out.
        var phone = visitor.PaperDeclaration && visitor.Phone.Length == 0 ? "" : PhoneNumber.Require(visitor.Phone, "manual_visitor.phone");
        // The scan goes to the phone's owner (the phone tracing calls), without renaming them: the typed name and birth
        // year are kept for this entry only, and its history row shows them.
        Person person;
        Written visitorWritten;
        using (var visitorWrites = engine.TrackWrites())
        {
            // Without a phone the walk-in is a person of their own (never the staff member, never someone they declare for),
            // known by the typed name and birth year kept with the scan.
            person = phone.Length > 0 ? engine.People.ForPhone(phone, verified: false) : engine.People.RegisterDevice();
            var entry = new ScanCommand(device.UserId, request.ClientEventId, person, venue, scannedAt, direction, EngineMethod.Manual, device.Number);
            engine.People.RecordTypedIdentity(entry, new PersonIdentity(visitor.FullName.Trim(), visitor.BirthYear, phone));
            visitorWritten = visitorWrites.TakeWritten();
        }
        // Durable before the scan is recorded: the scan's receipt answers every retry with the scan first recorded, so
        // it must never name a visitor, or a typed identity, that a crash could still take back.
        await engine.WhenDurableAsync(visitorWritten, cancellationToken).ConfigureAwait(false);
        return (venue, person, EngineMethod.Manual);
    }

    private VenueInfo ManagedVenue(Person device, string venueId, Dictionary<string, VenueInfo>? managedVenues)
    {
        var access = new VenueAccess(engine);
        if (managedVenues is not null && managedVenues.TryGetValue(venueId, out var known))
        {
            // Still checked on every scan (cheaply, the venue being known): managers can be removed while a stream is open.
            access.RequireStillMayScanFor(device, known);
            return known;
        }
        var venue = access.RequireMayScanFor(device, venueId);
        managedVenues?.TryAdd(venueId, venue);
        return venue;
    }
}
