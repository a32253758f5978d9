using System.Globalization;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Tracing.Matching.Regions;
using Tracing.V1;
using SafetyChecklist = Tracing.Matching.Safety.SafetyChecklist;

namespace Tracing.Server.Web;

/// <summary>
/// The public safety map (<c>/ban-do-an-toan?province_code=79</c>, narrowed with <c>&amp;district_code=760</c> and
/// <c>&amp;ward_code=26734</c>, chosen from the Tỉnh/TP → Quận/Huyện → Phường/Xã drop-downs): a region's facilities on
/// a Leaflet map (served by the server itself, <see cref="BrowserLibraries"/>; tiles from <see cref="MapSettings"/>),
/// marked in their status's colour with a popup each, a legend with counts, those that must suspend called out, and
/// every facility in a list of cards below (those without a position only there). Anyone may look.
/// </summary>
internal static class SafetyMapPage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Each status's CSS name, its words and its colour (green, orange, red, grey; light grey: never assessed).</summary>
    private static readonly Dictionary<SafetyStatus, (string Css, string Label, string Colour)> Statuses = new()
    {
        [SafetyStatus.Safe] = ("safe", "An toàn", "#1b8a3a"),
        [SafetyStatus.AtRisk] = ("at-risk", "Có nguy cơ", "#e07b00"),
        [SafetyStatus.Unsafe] = ("unsafe", "Phải tạm dừng", "#c62828"),
        [SafetyStatus.Stale] = ("stale", "Quá hạn đánh giá", "#6b6b6b"),
        [SafetyStatus.Unspecified] = ("unassessed", "Chưa đánh giá", "#a7b6bf"),
    };

    private static readonly Dictionary<SafetyStatus, string> Meanings = new()
    {
        [SafetyStatus.Safe] = "đủ các biện pháp phòng dịch",
        [SafetyStatus.AtRisk] = "thiếu một số biện pháp",
        [SafetyStatus.Unsafe] = "thiếu nhiều biện pháp, phải tạm dừng hoạt động",
        [SafetyStatus.Stale] = "lần tự đánh giá gần nhất đã quá một ngày",
        [SafetyStatus.Unspecified] = "cơ sở chưa tự đánh giá",
    };

    public static void Map(WebApplication app)
    {
        var settings = app.Configuration.GetSection("Tracing:Map").Get<MapSettings>() ?? new MapSettings();
        app.MapGet("/ban-do-an-toan", (HttpContext context, PortalBackend backend) => ShowAsync(context, backend, settings));
        SafetyFeedbackForm.Map(app);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend, MapSettings settings)
    {
        var query = context.Request.Query;
        // tinh/huyen: the page's earlier addresses, still linked from elsewhere.
        var province = Field(query, RegionPicker.ProvinceField, "tinh");
        var district = Field(query, RegionPicker.DistrictField, "huyen");
        var ward = Field(query, RegionPicker.WardField, "");
        var signedIn = PortalSession.TokenOf(context) is not null;
        var problems = AdministrativeRegions.Problems(province, district, ward, required: false);
        var errors = problems.ToDictionary(p => p.Field, p => p.Vietnamese, StringComparer.Ordinal);
        var body = new StringBuilder(SafetyMapStyle.Css)
            .Append("<h1>Bản đồ an toàn COVID-19</h1>")
            .Append("<p>Các cơ sở tự đánh giá an toàn phòng dịch hằng ngày; người dân góp ý. Chọn nơi muốn xem (Quận/Huyện, Phường/Xã có thể bỏ trống).</p>")
            .Append("<form method=\"get\" class=\"map-filter\">")
            .Append(RegionPicker.Render(province, district, ward, errors, required: false))
            .Append("<button>Xem bản đồ</button></form>")
            .Append(RegionPicker.Script);
        if (query[SafetyFeedbackForm.SentParameter] == "1")
            body.Append(Html.Notice("ok", "Đã gửi góp ý. Cảm ơn bạn!"));
        if (province.Length == 0 || problems.Count > 0)
        {
            body.Append(problems.Count > 0
                ? Html.Notice("error", "Nơi đã chọn chưa hợp lệ: " + string.Join(" ", problems.Select(p => p.Vietnamese)))
                : "<p>Chọn một Tỉnh/TP để xem các cơ sở trên bản đồ.</p>");
            return Html.Page("Bản đồ an toàn", body.ToString(), signedIn);
        }
        try
        {
            var region = ward.Length > 0 ? ward : district.Length > 0 ? district : province;
            var facilities = new List<QuerySafetyMapResponse>();
            using var call = backend.Safety.QuerySafetyMap(new QuerySafetyMapRequest { RegionCode = region }, cancellationToken: context.RequestAborted);
            await foreach (var facility in call.ResponseStream.ReadAllAsync(context.RequestAborted))
                facilities.Add(facility);
            body.Append(CultureInfo.InvariantCulture, $"<h2 class=\"map-place\">{facilities.Count} cơ sở ở {Html.Encode(AdministrativeRegions.Place(province, district, ward))}</h2>")
                .Append(Legend(facilities))
                .Append(MapBox(facilities, settings))
                .Append(MustSuspend(facilities))
                .Append(List(facilities, Back(province, district, ward), signedIn))
                // After the list, whose "Xem trên bản đồ" buttons the script wires.
                .Append("<script src=\"").Append(BrowserLibraries.LeafletScript).Append("\"></script>")
                .Append(SafetyMapScript.Script);
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
        }
        return Html.Page("Bản đồ an toàn", body.ToString(), signedIn);
    }

    private static string Field(IQueryCollection query, string name, string formerName)
    {
        var value = query[name].ToString().Trim();
        return value.Length > 0 || formerName.Length == 0 ? value : query[formerName].ToString().Trim();
    }

    /// <summary>What each colour means, with how many facilities have it.</summary>
    private static string Legend(List<QuerySafetyMapResponse> facilities)
    {
        var legend = new StringBuilder("<section class=\"map-legend\" aria-label=\"Chú giải\"><h3>Chú giải</h3><ul>");
        foreach (var (status, (css, label, colour)) in Statuses)
        {
            legend.Append(CultureInfo.InvariantCulture, $"<li data-status=\"{css}\"><span class=\"swatch\" style=\"background:{colour}\"></span>")
                .Append(CultureInfo.InvariantCulture, $"<span><b>{label}</b>: <strong>{facilities.Count(f => f.Status == status)}</strong> <small>({Meanings[status]})</small></span></li>");
        }
        return legend.Append("</ul></section>").ToString();
    }

    /// <summary>The map's box, the facilities as JSON for its script, and a word on those without a position.</summary>
    private static string MapBox(List<QuerySafetyMapResponse> facilities, MapSettings settings)
    {
        var data = new
        {
            tileUrl = settings.TileUrl.Trim(),
            tileAttribution = settings.TileAttribution,
            facilities = facilities.Select(f => new
            {
                id = f.VenueId,
                name = f.Name,
                status = Statuses[f.Status].Css,
                label = Statuses[f.Status].Label,
                colour = Statuses[f.Status].Colour,
                latitude = f.HasLatitude && f.HasLongitude ? f.Latitude : (double?)null,
                longitude = f.HasLatitude && f.HasLongitude ? f.Longitude : (double?)null,
                address = Address(f),
                missing = Missing(f),
                assessed = f.AssessedAt is { } at ? Html.Time(at.ToDateTimeOffset()) + " (giờ Việt Nam)" : null,
                score = f.AssessedAt is null ? (int?)null : f.Score,
                feedback = f.FeedbackCount,
            }),
        };
        var box = new StringBuilder()
            .Append("<link rel=\"stylesheet\" href=\"").Append(BrowserLibraries.LeafletStyle).Append("\">")
            .Append("<div id=\"safety-map\" class=\"safety-map\" role=\"region\" aria-label=\"Bản đồ các cơ sở\">")
            .Append("<noscript><p>Bản đồ cần JavaScript; danh sách bên dưới vẫn đủ mọi cơ sở.</p></noscript></div>")
            // The default encoder escapes <, > and &, so the JSON cannot close the script element.
            .Append("<script type=\"application/json\" id=\"safety-map-data\">").Append(JsonSerializer.Serialize(data, Json)).Append("</script>");
        var unplaced = facilities.Count(f => !(f.HasLatitude && f.HasLongitude));
        if (unplaced > 0)
            box.Append(CultureInfo.InvariantCulture, $"<p class=\"unplaced\">{unplaced} cơ sở chưa ghi toạ độ nên không có trên bản đồ, chỉ có trong danh sách bên dưới.</p>");
        return box.ToString();
    }

    /// <summary>The facilities whose last assessment says they must suspend, each with the measures it lacks.</summary>
    private static string MustSuspend(List<QuerySafetyMapResponse> facilities)
    {
        var suspended = facilities.Where(f => f.Status == SafetyStatus.Unsafe).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (suspended.Count == 0)
            return "";
        var section = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<section class=\"must-suspend\"><h2>{suspended.Count} cơ sở phải tạm dừng hoạt động</h2><ul>");
        foreach (var facility in suspended)
            section.Append(CultureInfo.InvariantCulture, $"<li data-venue=\"{Html.Encode(facility.VenueId)}\"><strong>{Html.Encode(facility.Name)}</strong> ({facility.Score} điểm) — còn thiếu: {Html.Encode(string.Join("; ", Missing(facility)))}</li>");
        return section.Append("</ul></section>").ToString();
    }

    /// <summary>What a facility's last assessment found missing, in the words of its checklist.</summary>
    private static List<string> Missing(QuerySafetyMapResponse facility)
    {
        var labels = SafetyChecklist.For(facility.Category).ToDictionary(item => item.Key, item => item.Label, StringComparer.Ordinal);
        return facility.MissingItems.Select(key => labels.GetValueOrDefault(key, key)).ToList();
    }

    /// <summary>The street address, then the ward, district and province by name (the answer's <c>place</c>).</summary>
    private static string Address(QuerySafetyMapResponse facility)
        => string.Join(", ", new[] { facility.StreetAddress.Trim(), facility.Place }.Where(part => part.Length > 0));

    /// <summary>Every facility as a card, those that must suspend first.</summary>
    /// <summary>The map of the region shown, where a feedback form comes back to.</summary>
    private static string Back(string province, string district, string ward)
    {
        var back = new StringBuilder("/ban-do-an-toan?").Append(RegionPicker.ProvinceField).Append('=').Append(Uri.EscapeDataString(province));
        if (district.Length > 0)
            back.Append('&').Append(RegionPicker.DistrictField).Append('=').Append(Uri.EscapeDataString(district));
        if (ward.Length > 0)
            back.Append('&').Append(RegionPicker.WardField).Append('=').Append(Uri.EscapeDataString(ward));
        return back.ToString();
    }

    private static string List(List<QuerySafetyMapResponse> facilities, string back, bool signedIn)
    {
        var list = new StringBuilder("<h2>Danh sách cơ sở</h2><ul class=\"facility-list\">");
        foreach (var facility in facilities.OrderBy(f => f.Status == SafetyStatus.Unsafe ? 0 : 1).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            var (css, label, colour) = Statuses[facility.Status];
            var placed = facility.HasLatitude && facility.HasLongitude;
            var missing = Missing(facility);
            list.Append(CultureInfo.InvariantCulture, $"<li class=\"facility-card\" id=\"co-so-{Html.Encode(facility.VenueId)}\" data-status=\"{css}\" data-venue=\"{Html.Encode(facility.VenueId)}\">")
                .Append(CultureInfo.InvariantCulture, $"<h3>{Html.Encode(facility.Name)}</h3>")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"status\"><span class=\"swatch\" style=\"background:{colour}\"></span>{label}{(facility.AssessedAt is null ? "" : $" — {facility.Score} điểm")}</p>")
                .Append(CultureInfo.InvariantCulture, $"<p>{Html.Encode(Address(facility))}</p>");
            if (missing.Count > 0)
                list.Append("<p>Còn thiếu: ").Append(Html.Encode(string.Join("; ", missing))).Append("</p>");
            list.Append(CultureInfo.InvariantCulture, $"<p>Góp ý của người dân: {facility.FeedbackCount}</p>");
            if (facility.AssessedAt is { } at)
                list.Append("<p>Tự đánh giá lúc ").Append(Html.Time(at.ToDateTimeOffset())).Append(" (giờ Việt Nam)</p>");
            list.Append(placed
                ? $"<button type=\"button\" class=\"secondary\" data-show-on-map=\"{Html.Encode(facility.VenueId)}\" hidden>Xem trên bản đồ</button>"
                : "<p class=\"unplaced\">Chưa ghi toạ độ: không có trên bản đồ.</p>");
            list.Append(SafetyFeedbackForm.Render(facility.VenueId, back, signedIn)).Append("</li>");
        }
        return list.Append("</ul>").ToString();
    }
}
