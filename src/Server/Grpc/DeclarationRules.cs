using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>
/// What a health declaration must hold (SPEC §2), checked before it is stored: the person, where they live (a district
/// in its province, a ward in its district), and by kind what else — an arrival's passport, route and quarantine
/// address, a venue declaration's venue. Every invalid field is refused at once (INVALID_ARGUMENT with one
/// <see cref="FieldRefusal"/> per field, each with its Vietnamese sentence naming what the form shows).
/// </summary>
internal static class DeclarationRules
{
    private const int LongestText = 500;

    /// <summary>How far back an arrival may be declared (the 14 days the questions ask about).</summary>
    private static readonly TimeSpan ArrivalLookback = TimeSpan.FromDays(14);

    public static void Check(SubmitDeclarationRequest request, DateTimeOffset now, Venues venues)
    {
        var problems = new List<FieldRefusal>();
        void Refuse(string field, string english, string vietnamese) => problems.Add(new FieldRefusal(field, english, vietnamese));

        if (string.IsNullOrWhiteSpace(request.FullName) || request.FullName.Length > 100)
            Refuse("full_name", "full_name is required (at most 100 characters).", "Bạn vui lòng nhập Họ và tên (tối đa 100 ký tự).");
        if (request.BirthYear < 1900 || request.BirthYear > now.Year)
            Refuse("birth_year", $"birth_year must lie between 1900 and {now.Year}.", $"Năm sinh phải từ 1900 đến {now.Year}.");
        if (request.Kind == DeclarationKind.Unspecified || !Enum.IsDefined(request.Kind))
            Refuse("kind", "kind is required: DECLARATION_KIND_DOMESTIC, _ENTRY or _VENUE.", "Bạn vui lòng chọn loại tờ khai (khai báo y tế nội địa, nhập cảnh hoặc tại địa điểm).");
        if (!Enum.IsDefined(request.Gender))
            Refuse("gender", "gender must be one of GENDER_MALE, GENDER_FEMALE, GENDER_OTHER (or unspecified).", "Giới tính không hợp lệ: bạn vui lòng chọn Nam, Nữ hoặc Khác.");
        // Where the person lives: optional, but the codes given must be real ones, each inside the one above it.
        problems.AddRange(AdministrativeRegions.Problems(request.ProvinceCode, request.DistrictCode, request.WardCode, required: false));
        foreach (var (field, value, label) in new[]
        {
            ("street_address", request.StreetAddress, "Địa chỉ nơi ở"),
            ("travel_history", request.TravelHistory, "Nơi đã đi qua trong 14 ngày"),
            ("symptoms.other", request.Symptoms?.Other ?? "", "Triệu chứng khác"),
            ("id_number", request.IdNumber, "Số CCCD/Hộ chiếu"),
        })
        {
            if (value.Length > LongestText)
                Refuse(field, $"{field} is longer than {LongestText} characters.", $"{label} dài quá {LongestText} ký tự.");
        }
        if (request.Kind == DeclarationKind.Entry)
            CheckEntry(request, now, Refuse);
        else if (request.Entry is not null)
            Refuse("entry", "entry is only for DECLARATION_KIND_ENTRY (arrivals from abroad).", "Thông tin nhập cảnh chỉ dành cho tờ khai nhập cảnh.");
        if (request.Kind == DeclarationKind.Venue && request.VenueId.Length == 0)
            Refuse("venue_id", "venue_id is required for a DECLARATION_KIND_VENUE declaration: the venue at whose door it is filed.", "Tờ khai tại địa điểm cần mã của địa điểm nơi khai báo.");
        if (problems.Count > 0)
            throw new TracingException(problems);
        if (request.Kind == DeclarationKind.Venue)
            venues.Require(request.VenueId);
    }

    private static void CheckEntry(SubmitDeclarationRequest request, DateTimeOffset now, Action<string, string, string> refuse)
    {
        var entry = request.Entry ?? new EntryDetails();
        if (string.IsNullOrWhiteSpace(entry.PassportNumber) && string.IsNullOrWhiteSpace(request.IdNumber))
            refuse("entry.passport_number", "An ENTRY declaration needs the passport number (entry.passport_number) or id_number.", "Tờ khai nhập cảnh cần Số hộ chiếu hoặc Số CCCD.");
        foreach (var (field, value, label) in new[]
        {
            ("entry.departure_country", entry.DepartureCountry, "Nơi khởi hành"),
            ("entry.arrival_point", entry.ArrivalPoint, "Cửa khẩu nhập cảnh"),
            ("entry.quarantine_address", entry.QuarantineAddress, "Địa chỉ cách ly"),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
                refuse(field, $"{field} is required for an ENTRY declaration.", $"Tờ khai nhập cảnh cần {label}.");
            else if (value.Length > LongestText)
                refuse(field, $"{field} is longer than {LongestText} characters.", $"{label} dài quá {LongestText} ký tự.");
        }
        foreach (var (field, value, label) in new[]
        {
            ("entry.passport_number", entry.PassportNumber, "Số hộ chiếu"),
            ("entry.nationality", entry.Nationality, "Quốc tịch"),
            ("entry.vehicle_number", entry.VehicleNumber, "Số hiệu phương tiện"),
        })
        {
            if (value.Length > LongestText)
                refuse(field, $"{field} is longer than {LongestText} characters.", $"{label} dài quá {LongestText} ký tự.");
        }
        if (entry.ArrivalDate is null)
        {
            refuse("entry.arrival_date", "entry.arrival_date is required.", "Tờ khai nhập cảnh cần Ngày nhập cảnh.");
            return;
        }
        var arrival = ProtoMapping.Required(entry.ArrivalDate, "entry.arrival_date");
        if (arrival > now + Matching.Ledger.CheckIns.ClockSkew + TimeSpan.FromDays(2))
            refuse("entry.arrival_date", "entry.arrival_date is more than two days ahead; declare when the trip is near.", "Ngày nhập cảnh còn hơn hai ngày nữa; bạn vui lòng khai báo khi gần đến chuyến đi.");
        if (arrival < now - ArrivalLookback)
            refuse("entry.arrival_date", $"entry.arrival_date is more than {ArrivalLookback.TotalDays:0} days ago: declare as DECLARATION_KIND_DOMESTIC.", $"Ngày nhập cảnh đã quá {ArrivalLookback.TotalDays:0} ngày: bạn vui lòng khai báo y tế nội địa.");
    }
}
