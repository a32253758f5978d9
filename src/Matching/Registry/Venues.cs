using System.Text;
using Tracing.Matching.Internal;
using Tracing.Matching.Records;
using Tracing.Matching.Regions;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>The registered venues, their units and their managers.</summary>
public sealed partial class Venues
{
    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly Sequence _numbers;
    private readonly KeyLocks _locks = new();

    internal Venues(FasterStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        _numbers = new Sequence(store, "venue");
        IndexRegionsOfEarlierVenues();
        IndexPositionsOfEarlierVenues();
    }

    /// <summary>Registers a venue (or a unit inside one); <paramref name="registeredBy"/> becomes its manager.</summary>
    public VenueInfo Register(VenueRegistration registration, string registeredBy)
    {
        Validate(registration);
        VenueInfo? parent = null;
        if (registration.ParentVenueId.Length > 0)
        {
            if (!VenueCode.TryRead(registration.ParentVenueId, out var parentCode, out var problem))
                throw new TracingException(TracingError.InvalidArgument, "parent_venue_id: " + problem, "Nằm trong địa điểm: " + VenueCode.Mistyped(registration.ParentVenueId));
            parent = Stored(parentCode)
                ?? throw new TracingException(TracingError.NotFound, $"parent_venue_id {VenueCode.Display(parentCode)} is not a registered venue.", $"Không có địa điểm nào được đăng ký với mã {VenueCode.Display(parentCode)} (ô Nằm trong địa điểm).");
            if (!IsManager(registeredBy, parent.VenueId))
                throw new TracingException(TracingError.PermissionDenied, "Only a manager of the parent venue can register a unit inside it.", "Chỉ người quản lý của địa điểm chứa đơn vị này mới được đăng ký đơn vị nằm trong địa điểm đó.");
        }
        var record = new VenueRecord
        {
            VenueId = NewCode(),
            Number = checked((uint)_numbers.Next()),
            Name = registration.Name.Trim(),
            ProvinceCode = registration.ProvinceCode,
            DistrictCode = registration.DistrictCode,
            WardCode = registration.WardCode,
            StreetAddress = registration.StreetAddress.Trim(),
            RegistrantName = registration.RegistrantName.Trim(),
            RegistrantPhone = registration.RegistrantPhone,
            ParentVenueId = parent?.VenueId ?? "",
            Category = registration.Category,
            CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
            RegisteredBy = registeredBy,
        };
        if (registration.Latitude is { } latitude)
            record.Latitude = latitude;
        if (registration.Longitude is { } longitude)
            record.Longitude = longitude;
        record.Labels.AddRange(Labels(registration.Labels));
        _store.WriteRecord(StoreKeys.ForVenue(record.VenueId), record);
        _store.Upsert(StoreKeys.ForVenueNumber(record.Number), Encoding.UTF8.GetBytes(record.VenueId));
        _store.AppendItem(StoreKeys.ForAllVenues(), record.Number);
        IndexRegions(record.Number, record.ProvinceCode, record.DistrictCode, record.WardCode);
        IndexPosition(record);
        if (parent is not null)
            _store.AppendItem(StoreKeys.ForVenueUnits(parent.Number), record.Number);
        else
            AddManager(registeredBy, record.VenueId);
        return ToInfo(record);
    }

    /// <summary>The venue with this id (its code, read leniently as typed), or null.</summary>
    public VenueInfo? Find(string venueId)
        => VenueCode.TryRead(venueId, out var code, out _) ? Stored(code) : null;

    /// <summary>
    /// The venue with this id; refuses a mistyped code (INVALID_ARGUMENT, saying what is wrong with it) and a code
    /// of no registered venue (NOT_FOUND).
    /// </summary>
    public VenueInfo Require(string venueId)
    {
        if (!VenueCode.TryRead(venueId, out var code, out var problem))
            throw new TracingException(TracingError.InvalidArgument, problem, VenueCode.Mistyped(venueId));
        return Stored(code) ?? throw new TracingException(TracingError.NotFound, $"No venue is registered with the code {VenueCode.Display(code)}.", $"Không có địa điểm nào được đăng ký với mã {VenueCode.Display(code)}. Bạn hãy kiểm tra lại mã địa điểm.");
    }

    /// <summary>The venue with this internal number, or null.</summary>
    public VenueInfo? Find(uint number)
        => _store.Read(StoreKeys.ForVenueNumber(number)) is { } id ? Stored(Encoding.UTF8.GetString(id)) : null;

    /// <summary>The venue stored under a canonical code (as <see cref="VenueCode.TryRead"/> gives it), or null.</summary>
    private VenueInfo? Stored(string code)
        => _store.ReadRecord(StoreKeys.ForVenue(code), VenueRecord.Parser) is { } r ? ToInfo(r) : null;

    /// <summary>The venues a person manages, with the units inside them.</summary>
    public IReadOnlyList<VenueInfo> ManagedBy(string userId)
    {
        var result = new List<VenueInfo>();
        var seen = new HashSet<uint>();
        foreach (var number in _store.ReadList<uint>(StoreKeys.ForManagedVenues(userId)))
            AddWithUnits(number, result, seen);
        return result;
    }

    /// <summary>Whether the person manages the venue (directly, or through the building it is in).</summary>
    public bool IsManager(string userId, string venueId)
    {
        var managed = _store.ReadList<uint>(StoreKeys.ForManagedVenues(userId));
        for (var venue = Find(venueId); venue is not null; venue = Find(venue.Details.ParentVenueId))
        {
            if (Array.IndexOf(managed, venue.Number) >= 0)
                return true;
        }
        return false;
    }

    /// <summary>Every registered venue's number, in registration order.</summary>
    public uint[] AllNumbers() => _store.ReadList<uint>(StoreKeys.ForAllVenues());

    /// <summary>
    /// The numbers of the venues in a province, district or ward (a code of 2, 3 or 5 digits), or of every venue
    /// for the empty code, in the order they registered.
    /// </summary>
    public uint[] NumbersIn(string regionCode) =>
        regionCode.Length == 0 ? AllNumbers() : _store.ReadList<uint>(StoreKeys.ForVenuesInRegion(regionCode));

    /// <summary>
    /// The numbers of the venues whose position may lie in the box (every venue of the map cells it covers), in the
    /// order they registered; the caller checks each position. Callers bound the box: the cells read grow with it.
    /// </summary>
    public uint[] NumbersInArea(double minLatitude, double minLongitude, double maxLatitude, double maxLongitude)
    {
        var (low, high) = (MapCell.Of(minLatitude, minLongitude), MapCell.Of(maxLatitude, maxLongitude));
        var numbers = new List<uint>();
        for (var row = low.Row; row <= high.Row; row++)
        {
            for (var column = low.Column; column <= high.Column; column++)
                numbers.AddRange(_store.ReadList<uint>(StoreKeys.ForVenuesInMapCell(new MapCell(row, column))));
        }
        numbers.Sort();
        return [.. numbers];
    }

    private void IndexPosition(VenueRecord record)
    {
        if (record.HasLatitude && record.HasLongitude)
            _store.AppendItem(StoreKeys.ForVenuesInMapCell(MapCell.Of(record.Latitude, record.Longitude)), record.Number);
    }

    /// <summary>Stores written before venues were indexed by position get their index once, when opened.</summary>
    private void IndexPositionsOfEarlierVenues()
    {
        const string Indexed = "venue-cells-indexed";
        if (_store.ReadCounter(Indexed) != 0)
            return;
        foreach (var number in AllNumbers())
        {
            if (_store.Read(StoreKeys.ForVenueNumber(number)) is { } id && _store.ReadRecord(StoreKeys.ForVenue(Encoding.UTF8.GetString(id)), VenueRecord.Parser) is { } record)
                IndexPosition(record);
        }
        _store.WriteCounter(Indexed, 1);
    }

    private void IndexRegions(uint number, params ReadOnlySpan<string> codes)
    {
        foreach (var code in codes)
        {
            if (code.Length > 0)
                _store.AppendItem(StoreKeys.ForVenuesInRegion(code), number);
        }
    }

    /// <summary>Stores written before venues were indexed by region get their index once, when opened.</summary>
    private void IndexRegionsOfEarlierVenues()
    {
        const string Indexed = "venue-regions-indexed";
        if (_store.ReadCounter(Indexed) != 0)
            return;
        foreach (var number in AllNumbers())
        {
            if (Find(number) is { } venue)
                IndexRegions(number, venue.ProvinceCode, venue.Details.DistrictCode, venue.Details.WardCode);
        }
        _store.WriteCounter(Indexed, 1);
    }

    private void AddWithUnits(uint number, List<VenueInfo> result, HashSet<uint> seen)
    {
        if (!seen.Add(number) || Find(number) is not { } venue)
            return;
        result.Add(venue);
        foreach (var unit in _store.ReadList<uint>(StoreKeys.ForVenueUnits(number)))
            AddWithUnits(unit, result, seen);
    }

    /// <summary>A venue code no venue has yet (codes are random; a clash is possible, if unlikely, and retried).</summary>
    private string NewCode()
    {
        while (true)
        {
            var code = VenueCode.New();
            if (_store.Read(StoreKeys.ForVenue(code)) is null)
                return code;
        }
    }

    /// <summary>Labels trimmed, without blanks or repeats (ignoring case); <see cref="Validate"/> holds them to 10 of at most 40 characters.</summary>
    private static List<string> Labels(IReadOnlyList<string> typed)
        => typed.Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.CurrentCultureIgnoreCase).ToList();

    private static FieldRefusal? LabelProblem(IReadOnlyList<string> typed)
    {
        var labels = Labels(typed);
        if (labels.Count > 10)
            return new FieldRefusal("labels", $"A venue takes at most 10 labels ({labels.Count} given).", $"Một địa điểm có tối đa 10 nhãn (bạn nhập {labels.Count}).");
        if (labels.FirstOrDefault(l => l.Length > 40) is { } tooLong)
            return new FieldRefusal("labels", $"Label '{tooLong[..20]}…' is longer than 40 characters.", $"Nhãn \"{tooLong[..20]}…\" dài quá 40 ký tự.");
        return null;
    }

    /// <summary>
    /// Every invalid field of a registration at once (INVALID_ARGUMENT listing each with its English and Vietnamese
    /// sentence), so a form can mark them all: name, address, place (the district in its province, the ward in its
    /// district), registrant, category, position, labels, parent venue code.
    /// </summary>
    private static void Validate(VenueRegistration registration)
    {
        var problems = new List<FieldRefusal>();
        Text(problems, "name", registration.Name, 200, "the venue's name as visitors know it", "Tên địa điểm");
        problems.AddRange(AdministrativeRegions.Problems(registration.ProvinceCode, registration.DistrictCode, registration.WardCode));
        Text(problems, "street_address", registration.StreetAddress, 500, "the house number and street", "Địa chỉ (số nhà, đường)");
        Text(problems, "registrant_name", registration.RegistrantName, 100, "the full name of the person registering", "Họ và tên người đăng ký");
        if (registration.Category.Length > 100)
            problems.Add(new FieldRefusal("category", "category is longer than 100 characters.", "Loại hình địa điểm dài quá 100 ký tự."));
        if (registration.Latitude is < -90 or > 90 || registration.Longitude is < -180 or > 180)
            problems.Add(new FieldRefusal("latitude", "latitude must lie in [-90, 90] and longitude in [-180, 180].", "Vị trí trên bản đồ không hợp lệ: vĩ độ từ -90 đến 90, kinh độ từ -180 đến 180."));
        if (registration.ParentVenueId.Length > 0 && !VenueCode.TryRead(registration.ParentVenueId, out _, out var problem))
            problems.Add(new FieldRefusal("parent_venue_id", "parent_venue_id: " + problem, $"Mã địa điểm chứa đơn vị này \"{registration.ParentVenueId}\" không đúng; mã có dạng V-XXXXX-XXXXX-X."));
        if (LabelProblem(registration.Labels) is { } labels)
            problems.Add(labels);
        if (problems.Count > 0)
            throw new TracingException(problems);
    }

    private static void Text(List<FieldRefusal> problems, string field, string value, int longest, string english, string vietnamese)
    {
        if (string.IsNullOrWhiteSpace(value))
            problems.Add(new FieldRefusal(field, $"{field} is required: {english}.", $"Bạn vui lòng nhập {vietnamese}."));
        else if (value.Length > longest)
            problems.Add(new FieldRefusal(field, $"{field} is longer than {longest} characters.", $"{vietnamese} dài quá {longest} ký tự."));
    }

    private static VenueInfo ToInfo(VenueRecord r) => new(
        r.VenueId,
        r.Number,
        new VenueRegistration
        {
            Name = r.Name,
            ProvinceCode = r.ProvinceCode,
            DistrictCode = r.DistrictCode,
            WardCode = r.WardCode,
            StreetAddress = r.StreetAddress,
            RegistrantName = r.RegistrantName,
            RegistrantPhone = r.RegistrantPhone,
            ParentVenueId = r.ParentVenueId,
            Category = r.Category,
            Latitude = r.HasLatitude ? r.Latitude : null,
            Longitude = r.HasLongitude ? r.Longitude : null,
            Labels = [.. r.Labels],
        },
        r.RegisteredBy,
        DateTimeOffset.FromUnixTimeSeconds(r.CreatedAt));
}
