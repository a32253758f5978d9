namespace Tracing.Cli.Rpc;

/// <summary>
/// For each command, the CLI option (or argument) a person typed for each contract field the server may refuse, so a
/// refusal names <c>--district</c>, never <c>district_code</c>. A field missing here is reported by its sentence alone.
/// </summary>
internal static class OptionNames
{
    /// <summary>Commands without fields of their own.</summary>
    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Commands that take a venue code as their first argument (<c>venue get V</c>, <c>qr venue V</c>, ...).</summary>
    public static readonly IReadOnlyDictionary<string, string> VenueArgument = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["venue_id"] = "<venue>",
        ["approval_code"] = "--code",
        ["phone"] = "<phone>",
        ["user_id"] = "<manager>",
        ["rating"] = "--rating",
        ["comment"] = "--comment",
        ["answers"] = "--missing",
        ["format"] = "--format",
    };

    /// <summary><c>tracing venue register</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Register = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["name"] = "--name",
        ["province_code"] = "--province",
        ["district_code"] = "--district",
        ["ward_code"] = "--ward",
        ["street_address"] = "--street",
        ["registrant_name"] = "--registrant",
        ["registrant_phone"] = "--registrant-phone",
        ["category"] = "--category",
        ["parent_venue_id"] = "--parent",
        ["labels"] = "--label",
        ["latitude"] = "--at",
        ["longitude"] = "--at",
    };

    /// <summary><c>tracing declare</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Declare = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["full_name"] = "--name",
        ["birth_year"] = "--birth-year",
        ["phone"] = "--phone",
        ["gender"] = "--gender",
        ["kind"] = "--kind",
        ["venue_id"] = "--venue",
        ["on_behalf"] = "--on-behalf",
        ["symptoms"] = "--symptom",
        ["entry.passport_number"] = "--passport",
        ["entry.departure_country"] = "--from-country",
        ["entry.arrival_point"] = "--arrival-point",
        ["entry.vehicle_number"] = "--vehicle",
        ["entry.arrival_date"] = "--arrived",
        ["entry.quarantine_address"] = "--quarantine-address",
    };

    /// <summary><c>tracing scan</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Scan = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["qr_payload"] = "--qr",
        ["venue_id"] = "--venue",
        ["subject_qr_payload"] = "--subject",
        ["manual_visitor.full_name"] = "--name",
        ["manual_visitor.phone"] = "--phone",
        ["manual_visitor.birth_year"] = "--birth-year",
        ["direction"] = "--direction",
        ["scanned_at"] = "--at",
        ["client_event_id"] = "--event-id",
    };

    /// <summary><c>tracing history</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> History = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["venue_ids"] = "--venue",
        ["visitor_query"] = "--visitor",
        ["controller_id"] = "--controller",
        ["max_results"] = "--max",
        ["page_token"] = "--page",
        ["from"] = "--from",
        ["to"] = "--to",
    };

    /// <summary><c>tracing case report</c>, <c>case keys</c>, <c>case trace</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Case = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["user_id"] = "--user-id",
        ["phone"] = "--phone",
        ["test_date"] = "--test-date",
        ["symptom_onset_date"] = "--onset",
        ["verification_code"] = "--code",
        ["keys"] = "--key",
        ["case_id"] = "<case-id>",
    };

    /// <summary><c>tracing login</c>, <c>notifications</c>, <c>safety map</c>, <c>qr personal</c>, <c>device</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> Others = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["phone"] = "--phone",
        ["code"] = "--code",
        ["after_token"] = "--after",
        ["province_code"] = "--province",
        ["max_results"] = "--max",
        ["region_code"] = "--region",
        ["bounding_box"] = "--bbox",
        ["subject_user_id"] = "--dependent",
        ["format"] = "--format",
        ["platform"] = "--platform",
    };
}
