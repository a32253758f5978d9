using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The filters of a scan-history page, from its query string: the venue (<c>dia-diem</c>, empty for all the venues I
/// manage), the first and last Vietnam day (<c>tu</c>, <c>den</c>: typed as Vietnamese write dates, dd/mm/yyyy — a text
/// field, not the browser's date input, which shows the browser's own language and order, often mm/dd/yyyy; yyyy-mm-dd
/// is read too), the visitor (<c>khach</c>: part of the name or phone as shown) and
/// the page (<c>trang</c>: the API's page token). The same filter lists, pages and exports.
/// </summary>
internal sealed record ScanHistoryFilter(string VenueId, string FromText, string ToText, string Visitor, string Page)
{
    /// <summary>Rows of history on one page of the portal.</summary>
    public const int PageSize = 100;

    private static readonly string[] DayFormats = ["d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "yyyy-MM-dd"];

    public static ScanHistoryFilter Of(IQueryCollection query)
        => new(query["dia-diem"].ToString().Trim(), query["tu"].ToString().Trim(), query["den"].ToString().Trim(), query["khach"].ToString().Trim(), query["trang"].ToString());

    /// <summary>The first Vietnam day asked for; null when none was typed or it cannot be read (see <see cref="Problems"/>).</summary>
    public DateOnly? FromDay => DayOf(FromText);

    /// <summary>The last Vietnam day asked for.</summary>
    public DateOnly? ToDay => DayOf(ToText);

    /// <summary>What is wrong with the filter, by field name (<c>tu</c>, <c>den</c>), in Vietnamese; empty when nothing is.</summary>
    public Dictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        const string Unreadable = "Ngày chưa đúng: gõ theo dạng ngày/tháng/năm, ví dụ 03/12/2026.";
        if (FromText.Length > 0 && FromDay is null)
            problems["tu"] = Unreadable;
        if (ToText.Length > 0 && ToDay is null)
            problems["den"] = Unreadable;
        if (FromDay is { } from && ToDay is { } to && from > to)
            problems["den"] = "“Đến ngày” phải cùng ngày hoặc sau “Từ ngày”.";
        return problems;
    }

    /// <summary>A page of the list: unset days leave the server's default window (the whole kept history).</summary>
    public ListScanHistoryRequest ToListRequest(string? venueId = null)
    {
        var request = new ListScanHistoryRequest { VisitorQuery = Visitor, MaxResults = PageSize, PageToken = Page, From = From, To = To };
        if (VenueOf(venueId) is { Length: > 0 } venue)
            request.VenueIds.Add(venue);
        return request;
    }

    /// <summary>The same rows, all of them, as CSV.</summary>
    public ExportScanHistoryRequest ToExportRequest(string? venueId = null)
    {
        var request = new ExportScanHistoryRequest { VisitorQuery = Visitor, From = From, To = To };
        if (VenueOf(venueId) is { Length: > 0 } venue)
            request.VenueIds.Add(venue);
        return request;
    }

    /// <summary>The query string of this filter without its page: for the CSV link and the first page.</summary>
    public string QueryWithoutPage(bool withVenue = true)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        if (withVenue && VenueId.Length > 0)
            pairs.Add(new("dia-diem", VenueId));
        if (FromText.Length > 0)
            pairs.Add(new("tu", FromText));
        if (ToText.Length > 0)
            pairs.Add(new("den", ToText));
        if (Visitor.Length > 0)
            pairs.Add(new("khach", Visitor));
        return QueryString.Create(pairs).ToString();
    }

    /// <summary>The query string of the page after this one, which starts after <paramref name="token"/>.</summary>
    public string QueryOfNextPage(string token, bool withVenue = true)
    {
        var rest = QueryWithoutPage(withVenue);
        return (rest.Length == 0 ? "?" : rest + "&") + "trang=" + Uri.EscapeDataString(token);
    }

    /// <summary>
    /// The filter form: the venue drop-down when <paramref name="venues"/> is given (my venues by name, "Tất cả địa
    /// điểm" first), the two days and the visitor, each invalid field's sentence beside it.
    /// </summary>
    public string Form(string action, IReadOnlyList<Venue>? venues, IReadOnlyDictionary<string, string> problems)
    {
        var form = new StringBuilder();
        form.Append("<form class=\"loc-lich-su\" method=\"get\" action=\"").Append(Html.Encode(action)).Append("\">");
        if (venues is not null)
        {
            form.Append("<div><label for=\"dia-diem\">Địa điểm</label><select id=\"dia-diem\" name=\"dia-diem\"><option value=\"\">Tất cả địa điểm</option>");
            foreach (var venue in venues)
            {
                form.Append("<option value=\"").Append(Html.Encode(venue.VenueId)).Append('"')
                    .Append(venue.VenueId == VenueId ? " selected" : "").Append('>').Append(Html.Encode(venue.Name)).Append("</option>");
            }
            form.Append("</select></div>");
        }
        AppendDay(form, "tu", "Từ ngày", FromText, FromDay, problems);
        AppendDay(form, "den", "Đến ngày", ToText, ToDay, problems);
        form.Append("<div><label for=\"khach\">Khách (tên hoặc số điện thoại)</label><input id=\"khach\" name=\"khach\" value=\"").Append(Html.Encode(Visitor)).Append("\"></div>")
            .Append("<div class=\"nut\"><button type=\"submit\">Lọc</button></div></form>")
            .Append("<p class=\"goi-y\">Ngày theo giờ Việt Nam. Để trống ngày: mọi lượt quét còn được lưu.</p>");
        return form.ToString();
    }

    private static void AppendDay(StringBuilder form, string name, string label, string typed, DateOnly? day, IReadOnlyDictionary<string, string> problems)
    {
        var value = day?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? typed;
        form.Append("<div><label for=\"").Append(name).Append("\">").Append(label).Append(" (ngày/tháng/năm)</label><input id=\"").Append(name).Append("\" name=\"").Append(name)
            .Append("\" autocomplete=\"off\" placeholder=\"ví dụ 03/12/2026\" value=\"").Append(Html.Encode(value)).Append('"');
        if (problems.TryGetValue(name, out var problem))
        {
            form.Append(" aria-invalid=\"true\" aria-describedby=\"").Append(name).Append("-loi\"><span class=\"loi-truong\" id=\"").Append(name).Append("-loi\">")
                .Append(Html.Encode(problem)).Append("</span></div>");
        }
        else
        {
            form.Append("></div>");
        }
    }

    private string VenueOf(string? venueId) => venueId ?? VenueId;

    private Timestamp? From => FromDay is { } day ? Timestamp.FromDateTimeOffset(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Html.VietnamOffset)) : null;

    // The last second of the day: the API's window includes its end.
    private Timestamp? To => ToDay is { } day ? Timestamp.FromDateTimeOffset(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Html.VietnamOffset).AddDays(1).AddSeconds(-1)) : null;

    private static DateOnly? DayOf(string typed)
        => DateTime.TryParseExact(typed, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? DateOnly.FromDateTime(day) : null;
}
