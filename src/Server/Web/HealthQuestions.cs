using System.Text;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// The health questions of the 2021 declaration form (yes/no per symptom and per exposure, travel in the last 14 days),
/// as the web check-in page and the door page's paper declaration ask them, and the screening result drawn big in its
/// colour with the advice and the hotline.
/// </summary>
internal static class HealthQuestions
{
    /// <summary>The hotline shown with every screening.</summary>
    public const string Hotline = Matching.Registry.HealthScreening.Hotline;

    /// <summary>Field name and question of each symptom.</summary>
    public static readonly (string Name, string Label)[] SymptomQuestions =
    [
        ("fever", "Sốt"), ("cough", "Ho"), ("breath", "Khó thở"), ("throat", "Đau họng"), ("taste", "Mất vị giác hoặc khứu giác"), ("fatigue", "Mệt mỏi"),
    ];

    /// <summary>Field name and question of each exposure.</summary>
    public static readonly (string Name, string Label)[] ExposureQuestions =
    [
        ("confirmed", "Tiếp xúc gần với người mắc COVID-19"), ("suspected", "Tiếp xúc với người nghi nhiễm COVID-19"),
        ("traveller", "Tiếp xúc với người từ vùng có dịch"), ("outbreak", "Đến hoặc đi qua vùng có dịch"),
    ];

    /// <summary>Page CSS of the questions and the screening box (pages add it to their body).</summary>
    public const string Css = """
        <style>
        .yn-list{margin:.5rem 0;padding:.5rem .8rem;border:1px solid #ccc;border-radius:6px}
        .yn-list legend{font-weight:bold;padding:0 .3rem}
        .yn{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.3rem 1rem;padding:.35rem 0;border-bottom:1px solid #eee}
        .yn:last-of-type{border-bottom:0}
        .yn .q{flex:1 1 12rem}
        .yn .a{display:flex;gap:1.2rem}
        .yn .a label{display:inline-flex;align-items:center;gap:.35rem;margin:0;font-weight:normal;white-space:nowrap}
        .yn input[type=radio]{width:1.2rem;height:1.2rem;margin:0}
        .field-error{color:#b3261e;margin:.2rem 0}
        .screening{border-radius:8px;padding:1rem 1.2rem;margin:1rem 0;border:3px solid}
        .screening .level{font-size:1.8rem;font-weight:bold;margin:0;line-height:1.2}
        .screening ul{margin:.4rem 0 .4rem 1.2rem;padding:0}
        .screening p{margin:.4rem 0}
        .screening.green{background:#e6f4ea;border-color:#1e7e34;color:#0f4d20}
        .screening.yellow{background:#fff5cc;border-color:#e0a800;color:#4d3b00}
        .screening.red{background:#fde7e7;border-color:#c62828;color:#7a1010}
        .screening .hotline a{font-weight:bold;color:inherit;font-size:1.2rem}
        .tag{display:inline-block;padding:.05rem .5rem;border-radius:4px;font-weight:bold;font-size:.9rem}
        .tag.green{background:#1e7e34;color:#fff}.tag.yellow{background:#f5c518;color:#1b1b1b}.tag.red{background:#c62828;color:#fff}.tag.none{background:#e0e0e0;color:#333}
        </style>
        """;

    /// <summary>One yes/no question: its words beside the two radio buttons "Có" and "Không", each with its label.</summary>
    public static void YesNo(StringBuilder html, string name, string label, string? chosen, bool required, IReadOnlyDictionary<string, string>? errors = null, string errorKey = "")
    {
        html.Append("<div class=\"yn\" role=\"radiogroup\" aria-labelledby=\"q-").Append(name).Append("\"><span class=\"q\" id=\"q-").Append(name).Append("\">")
            .Append(Html.Encode(label)).Append("</span><span class=\"a\">");
        foreach (var (value, word) in new[] { ("yes", "Có"), ("no", "Không") })
        {
            html.Append("<label><input type=\"radio\" name=\"").Append(name).Append("\" value=\"").Append(value).Append('"')
                .Append(chosen == value ? " checked" : "").Append(required ? " required" : "").Append("> ").Append(word).Append("</label>");
        }
        html.Append("</span>");
        if (errors?.GetValueOrDefault(errorKey) is { } error)
            html.Append("<p class=\"field-error\">").Append(Html.Encode(error)).Append("</p>");
        html.Append("</div>");
    }

    /// <summary>The symptom, exposure and travel questions, with the answers already given kept.</summary>
    public static void Render(StringBuilder html, IFormCollection? form, bool required, IReadOnlyDictionary<string, string>? errors = null, string fieldPrefix = "")
    {
        string? Chosen(string name) => form?[name].ToString() is { Length: > 0 } v ? v : null;
        html.Append("<fieldset class=\"yn-list\"><legend>Trong 14 ngày qua, có dấu hiệu nào sau đây không?</legend>");
        foreach (var (name, label) in SymptomQuestions)
            YesNo(html, name, label, Chosen(name), required);
        html.Append("<label for=\"other_symptom\">Triệu chứng khác (nếu có)</label><input id=\"other_symptom\" name=\"other_symptom\" autocomplete=\"off\" maxlength=\"500\" value=\"")
            .Append(Html.Encode(form?["other_symptom"].ToString())).Append("\">");
        Error(html, errors, fieldPrefix + "symptoms.other");
        html.Append("</fieldset><fieldset class=\"yn-list\"><legend>Trong 14 ngày qua, có:</legend>");
        foreach (var (name, label) in ExposureQuestions)
            YesNo(html, name, label, Chosen(name), required);
        html.Append("</fieldset><fieldset class=\"yn-list\"><legend>Đi lại</legend>");
        YesNo(html, "travelled", "Trong 14 ngày qua, có đi đến tỉnh/thành phố, quốc gia/vùng lãnh thổ khác không?", Chosen("travelled"), required);
        html.Append("<label for=\"travel_history\">Nơi đã đến (nếu có)</label><input id=\"travel_history\" name=\"travel_history\" autocomplete=\"off\" maxlength=\"500\" value=\"")
            .Append(Html.Encode(form?["travel_history"].ToString())).Append("\">");
        Error(html, errors, fieldPrefix + "travel_history");
        html.Append("</fieldset>");
    }

    /// <summary>The symptoms answered "Có".</summary>
    public static Symptoms Symptoms(IFormCollection form) => new()
    {
        Fever = Yes(form, "fever"),
        Cough = Yes(form, "cough"),
        ShortnessOfBreath = Yes(form, "breath"),
        SoreThroat = Yes(form, "throat"),
        LossOfTasteOrSmell = Yes(form, "taste"),
        Fatigue = Yes(form, "fatigue"),
        Other = form["other_symptom"].ToString().Trim(),
    };

    /// <summary>The exposures answered "Có".</summary>
    public static ExposureHistory Exposure(IFormCollection form) => new()
    {
        ContactWithConfirmedCase = Yes(form, "confirmed"),
        ContactWithSuspectedCase = Yes(form, "suspected"),
        ContactWithTravellerFromOutbreakArea = Yes(form, "traveller"),
        VisitedOutbreakArea = Yes(form, "outbreak"),
    };

    /// <summary>Where the person travelled: the places written, "Có" when travel was answered yes without them, else empty.</summary>
    public static string Travel(IFormCollection form)
    {
        var places = form["travel_history"].ToString().Trim();
        return Yes(form, "travelled") ? (places.Length > 0 ? places : "Có") : form["travelled"] == "no" ? "" : places;
    }

    /// <summary>The screening drawn big in its colour, with its reasons, the advice and the hotline; empty when there is none.</summary>
    public static string Box(Screening? screening, string lead = "")
    {
        if (screening is null || screening.Level == ScreeningLevel.Unspecified)
            return "";
        var (css, title) = Describe(screening.Level);
        var html = new StringBuilder("<section class=\"screening ").Append(css).Append("\" aria-label=\"Kết quả sàng lọc\">");
        if (lead.Length > 0)
            html.Append("<p>").Append(Html.Encode(lead)).Append("</p>");
        html.Append("<p class=\"level\">").Append(Html.Encode(title)).Append("</p>");
        if (screening.Reasons.Count > 0)
        {
            html.Append("<p>Lý do:</p><ul>");
            foreach (var reason in screening.Reasons)
                html.Append("<li>").Append(Html.Encode(reason)).Append("</li>");
            html.Append("</ul>");
        }
        html.Append("<p>").Append(Html.Encode(screening.Advice)).Append("</p>")
            .Append("<p class=\"hotline\">Đường dây nóng: <a href=\"tel:").Append(Hotline.Replace(" ", "", StringComparison.Ordinal)).Append("\">").Append(Hotline).Append("</a></p></section>");
        return html.ToString();
    }

    /// <summary>The CSS class and the words of a level ("XANH — ĐỦ ĐIỀU KIỆN VÀO", ...).</summary>
    public static (string Css, string Title) Describe(ScreeningLevel level) => level switch
    {
        ScreeningLevel.Green => ("green", "XANH — Đủ điều kiện vào"),
        ScreeningLevel.Yellow => ("yellow", "VÀNG — Cần kiểm tra trước khi vào"),
        ScreeningLevel.Red => ("red", "ĐỎ — Không vào, liên hệ y tế"),
        _ => ("none", "Chưa sàng lọc"),
    };

    /// <summary>A short coloured tag of a level, for lists of scans.</summary>
    public static string Tag(ScreeningLevel level)
    {
        var (css, _) = Describe(level);
        var word = level switch { ScreeningLevel.Green => "Xanh", ScreeningLevel.Yellow => "Vàng — cần kiểm tra", ScreeningLevel.Red => "Đỏ — cần kiểm tra", _ => "Chưa khai báo" };
        return $"<span class=\"tag {css}\">{word}</span>";
    }

    private static bool Yes(IFormCollection form, string name) => form[name] == "yes";

    private static void Error(StringBuilder html, IReadOnlyDictionary<string, string>? errors, string key)
    {
        if (errors?.GetValueOrDefault(key) is { } error)
            html.Append("<p class=\"field-error\">").Append(Html.Encode(error)).Append("</p>");
    }
}
