using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;

namespace Tracing.Server.Security;

/// <summary>
/// Who may see or change a venue — the one home of that rule; every service and page asks here.
/// <list type="bullet">
/// <item>A venue's <em>managers</em> are the person who registered it (its registrant), the co-managers a manager
/// added by phone, and those the registrant approved with a code sent to their phone; a unit inside a building is
/// managed by the building's managers too. Knowing a venue's id makes nobody a manager.</item>
/// <item>Managers print its QR code, scan and enter visitors at its door, read and export its (masked) history,
/// assess its safety, see its registrant and manage its managers (add by phone, list, remove co-managers).</item>
/// <item>A health department sees a venue of its province: its registrant, its QR code and its full history.</item>
/// <item>The registrant is never removed, and a venue's registrant is always the signed-in person who registered it,
/// with their own phone: approval codes go to that phone, so it cannot be someone else's.</item>
/// </list>
/// </summary>
/// <remarks>A struct, made where it is needed (<c>new VenueAccess(engine)</c>): it holds nothing but the engine, and the scan path allocates nothing for it.</remarks>
public readonly struct VenueAccess(TracingEngine engine)
{
    private readonly TracingEngine _engine = engine;

    private const string HowToGetAccess = "ask one of its managers to add your phone, or ask the registrant's approval (RequestVenueAccess)";

    private const string HowToGetAccessVi = "bạn hãy nhờ một người quản lý của địa điểm thêm số điện thoại của bạn, hoặc xin quyền quản lý để người đăng ký địa điểm xác nhận";

    /// <summary>Whether the caller is a person who manages the venue (directly or through its building).</summary>
    public bool Manages(Caller caller, VenueInfo venue) => caller.Person is { } person && _engine.Venues.IsManager(person.UserId, venue.VenueId);

    /// <summary>Whether the caller may see the venue's registrant (name and phone): its managers and its province's health department.</summary>
    public bool MaySeeRegistrant(Caller caller, VenueInfo venue)
        => caller.Kind == CallerKind.HealthDepartment ? caller.CoversProvince(venue.ProvinceCode) : Manages(caller, venue);

    /// <summary>The venue whose QR code (image or poster) the caller may print: its managers and its province's health department.</summary>
    public VenueInfo RequireMayPrintQr(Caller caller, string venueId)
    {
        // Credentials first, so that a caller without them learns nothing of which venues exist.
        if (caller.Kind == CallerKind.HealthDepartment)
            return RequireInProvince(caller, Find(venueId));
        return RequireManager(caller.RequirePerson(), venueId, "print its QR code", "in mã QR của địa điểm");
    }

    /// <summary>The venue at whose door the person may scan visitors' codes or enter visitors by hand.</summary>
    public VenueInfo RequireMayScanFor(Person device, string venueId)
    {
        if (string.IsNullOrWhiteSpace(venueId))
            throw new TracingException(TracingError.InvalidArgument, "venue_id is required for controller and manual scans: the venue at whose door you scan.", "Bạn hãy chọn địa điểm mà bạn đang ghi nhận khách ra vào tại cửa.");
        return RequireManager(device, venueId, "scan visitors for it", "ghi nhận khách ra vào địa điểm");
    }

    /// <summary>
    /// Checks again that the person still manages a venue they were let scan for earlier on the same call (a door
    /// scanner's stream): a co-manager removed meanwhile is refused from the next scan on.
    /// </summary>
    public void RequireStillMayScanFor(Person device, VenueInfo venue)
    {
        if (!_engine.Venues.IsManager(device.UserId, venue))
            throw new TracingException(TracingError.PermissionDenied, $"You no longer manage venue '{venue.VenueId}', so you cannot scan visitors for it.", $"Bạn không còn là người quản lý của địa điểm {VenueCode.Display(venue.VenueId)} nên không thể ghi nhận khách cho địa điểm này.");
    }

    /// <summary>The venue whose daily safety self-assessment (its status on the public map) the person may submit.</summary>
    public VenueInfo RequireMayAssess(Person person, string venueId) => RequireManager(person, venueId, "assess it", "tự đánh giá an toàn cho địa điểm");

    /// <summary>
    /// The venues whose scan history the caller may read or export: the requested ones (all of them, or a refusal
    /// naming one that is not allowed), or, when none is named, the venues a person manages; a health department
    /// names the venues of its province it reads.
    /// </summary>
    public List<VenueInfo> HistoryVenues(Caller caller, IReadOnlyList<string> venueIds)
    {
        if (caller.Kind == CallerKind.HealthDepartment)
        {
            // Its default, every venue of the province, would have one call read each of them for each day — unbounded
            // work, and a harvest of the province for a leaked key.
            if (venueIds.Count == 0)
                throw new TracingException(TracingError.InvalidArgument, $"Name the venues to read in venue_ids (at most {CheckIn.ScanHistory.MaxVenues} per query): a health department reads the history of the venues it names, not of a whole province at once; a case's visits and contacts are in GetTracingReport.", $"Bạn hãy chọn các địa điểm cần xem (tối đa {CheckIn.ScanHistory.MaxVenues} địa điểm mỗi lần): cơ quan y tế xem lịch sử của từng địa điểm, không xem cả tỉnh một lúc; các lần đến và tiếp xúc của một ca bệnh có trong báo cáo truy vết.");
            var venues = venueIds.Select(_engine.Venues.Require).ToList();
            if (venues.FirstOrDefault(v => !caller.CoversProvince(v.ProvinceCode)) is { } outside)
                throw new TracingException(TracingError.PermissionDenied, $"Venue '{outside.VenueId}' lies outside your province.", $"Địa điểm {VenueCode.Display(outside.VenueId)} nằm ngoài tỉnh của bạn.");
            return venues;
        }
        var person = caller.RequirePerson();
        if (venueIds.Count == 0)
            return _engine.Venues.ManagedBy(person.UserId).ToList();
        var venuesOfEngine = _engine.Venues;
        var requested = venueIds.Select(venuesOfEngine.Require).ToList();
        if (requested.FirstOrDefault(v => !venuesOfEngine.IsManager(person.UserId, v)) is { } foreign)
            throw new TracingException(TracingError.PermissionDenied, $"You do not manage venue '{foreign.VenueId}'; managers see only their own venues.", $"Bạn không quản lý địa điểm {VenueCode.Display(foreign.VenueId)}; người quản lý chỉ xem được địa điểm của mình.");
        return requested;
    }

    /// <summary>The venue whose managers the person may list, add by phone and remove: its managers (signed in by phone).</summary>
    public VenueInfo RequireMayManageManagers(Person person, string venueId)
    {
        RequireVerified(person);
        return RequireManager(person, venueId, "manage its managers", "quản lý danh sách người quản lý");
    }

    /// <summary>
    /// The venue the person may ask the registrant's approval for: a person signed in by phone who does not manage it
    /// yet. Returns the registrant, to whose phone the code goes.
    /// </summary>
    public (VenueInfo Venue, Person Registrant) RequireMayRequestAccess(Person person, string venueId)
    {
        RequireVerified(person);
        var venue = Find(venueId);
        if (_engine.Venues.IsManager(person.UserId, venue.VenueId))
            throw new TracingException(TracingError.AlreadyExists, $"You already manage venue '{venue.VenueId}'.", $"Bạn đã là người quản lý của địa điểm {VenueCode.Display(venue.VenueId)}.");
        var registrant = _engine.People.Find(_engine.Venues.RegistrantOf(venue));
        if (registrant is null || !registrant.PhoneVerified || registrant.Phone.Length == 0)
            throw new TracingException(TracingError.FailedPrecondition, "This venue's registrant has no verified phone to approve requests; ask one of its managers to add your phone.", "Người đăng ký địa điểm này chưa có số điện thoại đã xác thực để nhận mã xác nhận. Bạn hãy nhờ một người quản lý của địa điểm thêm số điện thoại của bạn.");
        return (venue, registrant);
    }

    /// <summary>
    /// Checks that the person may stop managing the venue at the remover's hands: a direct manager of it (a building's
    /// manager is removed at the building), and not its registrant.
    /// </summary>
    public void RequireMayRemove(VenueInfo venue, Person manager)
    {
        if (manager.UserId == _engine.Venues.RegistrantOf(venue))
            throw new TracingException(TracingError.FailedPrecondition, "The registrant of a venue cannot be removed from its managers.", "Không thể xoá người đăng ký địa điểm khỏi danh sách người quản lý.");
        if (!_engine.Venues.DirectManagers(venue).Contains(manager.UserId))
        {
            throw _engine.Venues.IsManager(manager.UserId, venue.VenueId)
                ? new TracingException(TracingError.FailedPrecondition, "This person manages the venue through the building it is in; remove them from the building's managers.", "Người này quản lý địa điểm thông qua toà nhà chứa nó; bạn hãy xoá họ khỏi danh sách người quản lý của toà nhà.")
                : new TracingException(TracingError.NotFound, "This person does not manage the venue.", "Người này không quản lý địa điểm.");
        }
    }

    /// <summary>
    /// The registrant phone a registration records: the caller's own signed-in phone, which is also where approval
    /// codes go. Empty means that phone; any other phone is refused, so that no one names a stranger as registrant.
    /// </summary>
    public static string RegistrantPhoneFor(Person caller, string typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
            return caller.Phone;
        var phone = PhoneNumber.Require(typed, "registrant_phone");
        if (phone != caller.Phone)
            throw new TracingException(TracingError.InvalidArgument, "registrant_phone must be your own signed-in phone (leave it empty to use it): approval codes for access to the venue go there. Its other managers sign in with their own phones and are added as co-managers.", "Số điện thoại người đăng ký phải là số điện thoại bạn đang đăng nhập (để trống để dùng số đó): mã xác nhận khi có người xin quyền quản lý sẽ được gửi về số này. Những người quản lý khác tự đăng nhập bằng số của họ và được thêm sau.");
        return phone;
    }

    private VenueInfo RequireManager(Person person, string venueId, string doing, string doingVi)
    {
        var venue = Find(venueId);
        if (!_engine.Venues.IsManager(person.UserId, venue.VenueId))
            throw new TracingException(TracingError.PermissionDenied, $"Only the venue's managers can {doing}; {HowToGetAccess}.", $"Chỉ người quản lý của địa điểm mới được {doingVi}; {HowToGetAccessVi}.");
        return venue;
    }

    private static VenueInfo RequireInProvince(Caller caller, VenueInfo venue)
        => caller.CoversProvince(venue.ProvinceCode)
            ? venue
            : throw new TracingException(TracingError.PermissionDenied, $"Venue '{venue.VenueId}' lies outside your province {caller.Province}.", $"Địa điểm {VenueCode.Display(venue.VenueId)} nằm ngoài {AdministrativeRegions.NameOf(caller.Province)}.");

    private static void RequireVerified(Person person)
    {
        if (!person.PhoneVerified)
            throw new TracingException(TracingError.PermissionDenied, "Sign in with your phone number (RequestOtp, VerifyOtp) to manage venues; anonymous devices cannot.", "Bạn hãy đăng nhập bằng số điện thoại (nhận Mã OTP) để quản lý địa điểm; thiết bị chưa đăng nhập không làm được việc này.");
    }

    private VenueInfo Find(string venueId)
    {
        if (string.IsNullOrWhiteSpace(venueId))
            throw new TracingException(TracingError.InvalidArgument, "venue_id is required.", "Bạn hãy nhập mã địa điểm.");
        return _engine.Venues.Require(venueId);
    }
}
