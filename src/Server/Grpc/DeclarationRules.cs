using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>
/// What a health declaration must hold (SPEC §2), checked before it is stored, each refusal naming the field:
/// the person, where they live, and by kind what else — an arrival's passport, route and quarantine address, a
/// venue declaration's venue.
/// </summary>
internal static class DeclarationRules
{
    private const int LongestText = 500;

    /// <summary>How far back an arrival may be declared (the 14 days the questions ask about).</summary>
    private static readonly TimeSpan ArrivalLookback = TimeSpan.FromDays(14);

    public static void Check(SubmitDeclarationRequest request, DateTimeOffset now, Venues venues)
    {
        if (string.IsNullOrWhiteSpace(request.FullName) || request.FullName.Length > 100)
            Refuse("full_name is required (at most 100 characters).");
        if (request.BirthYear < 1900 || request.BirthYear > now.Year)
            Refuse($"birth_year must lie between 1900 and {now.Year}.");
        if (request.Kind == DeclarationKind.Unspecified || !Enum.IsDefined(request.Kind))
            Refuse("kind is required: DECLARATION_KIND_DOMESTIC, _ENTRY or _VENUE.");
        if (!Enum.IsDefined(request.Gender))
            Refuse("gender must be one of GENDER_MALE, GENDER_FEMALE, GENDER_OTHER (or unspecified).");
        CheckResidence(request);
        foreach (var (field, value) in new[] { ("street_address", request.StreetAddress), ("travel_history", request.TravelHistory), ("symptoms.other", request.Symptoms?.Other ?? ""), ("id_number", request.IdNumber) })
        {
            if (value.Length > LongestText)
                Refuse($"{field} is longer than {LongestText} characters.");
        }
        if (request.Kind == DeclarationKind.Entry)
            CheckEntry(request, now);
        else if (request.Entry is not null)
            Refuse("entry is only for DECLARATION_KIND_ENTRY (arrivals from abroad).");
        if (request.Kind == DeclarationKind.Venue)
        {
            if (request.VenueId.Length == 0)
                Refuse("venue_id is required for a DECLARATION_KIND_VENUE declaration: the venue at whose door it is filed.");
            venues.Require(request.VenueId);
        }
    }

    /// <summary>Where the person lives: optional, but the codes given must be real ones.</summary>
    private static void CheckResidence(SubmitDeclarationRequest request)
    {
        if (request.ProvinceCode.Length > 0 && !AdministrativeRegions.IsProvince(request.ProvinceCode))
            Refuse($"province_code '{request.ProvinceCode}' is not one of the 63 two-digit province codes of 2021 (e.g. 01 Hà Nội, 79 Hồ Chí Minh).");
        if (request.DistrictCode.Length > 0 && !AdministrativeRegions.IsDistrictFormat(request.DistrictCode))
            Refuse($"district_code '{request.DistrictCode}' must be three digits (e.g. 760).");
        if (request.WardCode.Length > 0 && !AdministrativeRegions.IsWardFormat(request.WardCode))
            Refuse($"ward_code '{request.WardCode}' must be five digits (e.g. 26734).");
    }

    private static void CheckEntry(SubmitDeclarationRequest request, DateTimeOffset now)
    {
        var entry = request.Entry ?? new EntryDetails();
        if (string.IsNullOrWhiteSpace(entry.PassportNumber) && string.IsNullOrWhiteSpace(request.IdNumber))
            Refuse("An ENTRY declaration needs the passport number (entry.passport_number) or id_number.");
        foreach (var (field, value) in new[]
        {
            ("entry.departure_country", entry.DepartureCountry),
            ("entry.arrival_point", entry.ArrivalPoint),
            ("entry.quarantine_address", entry.QuarantineAddress),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
                Refuse($"{field} is required for an ENTRY declaration.");
            if (value.Length > LongestText)
                Refuse($"{field} is longer than {LongestText} characters.");
        }
        foreach (var (field, value) in new[] { ("entry.passport_number", entry.PassportNumber), ("entry.nationality", entry.Nationality), ("entry.vehicle_number", entry.VehicleNumber) })
        {
            if (value.Length > LongestText)
                Refuse($"{field} is longer than {LongestText} characters.");
        }
        var arrival = ProtoMapping.Required(entry.ArrivalDate, "entry.arrival_date");
        if (arrival > now + Matching.Ledger.CheckIns.ClockSkew + TimeSpan.FromDays(2))
            Refuse("entry.arrival_date is more than two days ahead; declare when the trip is near.");
        if (arrival < now - ArrivalLookback)
            Refuse($"entry.arrival_date is more than {ArrivalLookback.TotalDays:0} days ago: declare as DECLARATION_KIND_DOMESTIC.");
    }

    private static void Refuse(string message) => throw new TracingException(TracingError.InvalidArgument, message, "Tờ khai y tế chưa hợp lệ. Bạn hãy kiểm tra lại các thông tin đã nhập.");
}
