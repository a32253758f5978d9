using System.Text;
using Tracing.Matching.Regions;

namespace Tracing.Server.Web;

/// <summary>
/// Tỉnh/TP → Quận/Huyện → Phường/Xã as three drop-downs, so that no form asks for a code. With JavaScript, choosing a
/// province fills the districts (from <c>/api/dia-gioi/{code}</c>) and a district its wards. Without it, the form's
/// "Cập nhật danh sách" button sends the form back and the page draws it again with the lists of what was chosen
/// (<see cref="IsRefresh"/>): the handler then shows the form, it does not act on it.
/// </summary>
internal static class RegionPicker
{
    /// <summary>The form fields the three drop-downs send (the contract's names).</summary>
    public const string ProvinceField = "province_code", DistrictField = "district_code", WardField = "ward_code";

    /// <summary>The name of the no-JavaScript button that redraws the form with the lists of the chosen units.</summary>
    public const string RefreshField = "cap-nhat-dia-gioi";

    /// <summary>GET <c>/api/dia-gioi</c> (the provinces) and <c>/api/dia-gioi/{code}</c> (the units inside one), as JSON.</summary>
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/dia-gioi", () => Results.Json(Units("")));
        app.MapGet("/api/dia-gioi/{code}", (string code) =>
            AdministrativeRegions.Find(code) is null
                ? Results.Json(new { error = $"Không có đơn vị hành chính mã \"{code}\" trong danh mục năm 2021." }, statusCode: StatusCodes.Status404NotFound)
                : Results.Json(Units(code)));
    }

    /// <summary>Whether a posted or queried form was sent by the "Cập nhật danh sách" button (redraw, don't act).</summary>
    public static bool IsRefresh(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> form)
        => form.Any(f => f.Key == RefreshField);

    /// <summary>
    /// The three labelled drop-downs with <paramref name="province"/>, <paramref name="district"/> and
    /// <paramref name="ward"/> chosen (a unit that does not lie in the one above is dropped), and each field's error
    /// from <paramref name="errors"/> (keyed by field name) beside it. <paramref name="of"/> ends each label
    /// ("của địa điểm", "nơi ở").
    /// </summary>
    public static string Render(string province, string district, string ward, IReadOnlyDictionary<string, string>? errors = null, string of = "", bool required = true)
    {
        if (AdministrativeRegions.Find(district)?.ParentCode != province)
            district = "";
        if (AdministrativeRegions.Find(ward)?.ParentCode != district)
            ward = "";
        var html = new StringBuilder("<div class=\"region-picker\" data-region-picker>");
        Select(html, ProvinceField, $"Tỉnh/TP {of}".Trim(), "", province, errors, required);
        Select(html, DistrictField, $"Quận/Huyện {of}".Trim(), province, district, errors, required);
        Select(html, WardField, $"Phường/Xã {of}".Trim(), district, ward, errors, required);
        html.Append("<noscript><button type=\"submit\" name=\"").Append(RefreshField).Append("\" value=\"1\" formnovalidate class=\"secondary\">Cập nhật danh sách Quận/Huyện, Phường/Xã</button></noscript>")
            .Append("</div>");
        return html.ToString();
    }

    /// <summary>The script that makes every picker on a page cascade; include once per page that has one.</summary>
    public const string Script = """
        <script>
        document.querySelectorAll('[data-region-picker]').forEach(function (picker) {
          var selects = picker.querySelectorAll('select');
          function fill(select, parent) {
            select.length = 1;
            if (!parent) return Promise.resolve();
            return fetch('/api/dia-gioi/' + encodeURIComponent(parent)).then(function (r) { return r.ok ? r.json() : []; })
              .then(function (units) { units.forEach(function (u) { select.add(new Option(u.name, u.code)); }); });
          }
          [0, 1].forEach(function (i) {
            selects[i].addEventListener('change', function () {
              for (var j = i + 2; j < selects.length; j++) selects[j].length = 1;
              fill(selects[i + 1], selects[i].value);
            });
          });
        });
        </script>
        """;

    private static void Select(StringBuilder html, string field, string label, string parent, string chosen, IReadOnlyDictionary<string, string>? errors, bool required)
    {
        var error = errors?.GetValueOrDefault(field);
        html.Append("<div class=\"field\"><label for=\"").Append(field).Append("\">").Append(Html.Encode(label)).Append(required ? " <span class=\"required\">*</span>" : "").Append("</label>")
            .Append("<select id=\"").Append(field).Append("\" name=\"").Append(field).Append('"')
            .Append(required ? " required" : "")
            .Append(error is null ? "" : $" aria-invalid=\"true\" aria-describedby=\"{field}-error\"").Append('>')
            .Append("<option value=\"\">— Chọn —</option>");
        var units = parent.Length == 0 && field != ProvinceField ? [] : AdministrativeRegions.ChildrenOf(parent);
        foreach (var unit in units)
        {
            html.Append("<option value=\"").Append(unit.Code).Append('"').Append(unit.Code == chosen ? " selected" : "").Append('>')
                .Append(Html.Encode(unit.Name)).Append("</option>");
        }
        html.Append("</select>");
        if (error is not null)
            html.Append("<p class=\"field-error\" id=\"").Append(field).Append("-error\">").Append(Html.Encode(error)).Append("</p>");
        html.Append("</div>");
    }

    private static IEnumerable<object> Units(string parent)
        => AdministrativeRegions.ChildrenOf(parent).Select(u => new { code = u.Code, name = u.Name, type = u.Type });
}
