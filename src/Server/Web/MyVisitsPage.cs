using System.Text;
using Grpc.Core;
using Tracing.V1;

namespace Tracing.Server.Web;

/// <summary>
/// "Tôi đến các địa điểm": the signed-in person's exposure alerts (tier and kind in words, where and when, what to do;
/// never who the case is, which the API does not give) and their own visits, newest first.
/// </summary>
internal static class MyVisitsPage
{
    /// <summary>The health ministry's hotline of 2021, named in the advice.</summary>
    public const string Hotline = "1900 9095";

    public static void Map(WebApplication app) => app.MapGet(HistoryViews.MinePath, ShowAsync);

    private static async Task<IResult> ShowAsync(HttpContext context, PortalBackend backend)
    {
        if (PortalSession.TokenOf(context) is not { } token)
            return PortalSession.SignInFirst(HistoryViews.MinePath);
        var call = PortalBackend.As(token, context.RequestAborted);
        var body = new StringBuilder();
        body.Append(ScanHistoryTable.Style).Append(Style).Append("<h1>Lịch sử quét mã QR</h1>").Append(HistoryViews.Switch(mine: true));

        body.Append("<h2>Cảnh báo phơi nhiễm</h2>");
        try
        {
            var exposures = (await backend.Exposures.GetMyExposuresAsync(new GetMyExposuresRequest(), call)).Notifications
                .OrderByDescending(n => n.Start?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).ToList();
            if (exposures.Count == 0)
                body.Append("<p id=\"khong-canh-bao\">Bạn không có cảnh báo phơi nhiễm nào. Khi bạn từng ở gần một ca bệnh, cảnh báo sẽ hiện ở đây.</p>");
            else
                AppendExposures(body, exposures);
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
        }

        body.Append("<h2>Những nơi tôi đã đến</h2>");
        try
        {
            var visits = (await backend.CheckIn.ListMyVisitsAsync(new ListMyVisitsRequest(), call)).Visits
                .OrderByDescending(v => v.Start?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).ToList();
            if (visits.Count == 0)
                body.Append("<p id=\"khong-luot-den\">Bạn chưa quét mã QR ở địa điểm nào (trong thời gian hệ thống còn lưu).</p>");
            else
                AppendVisits(body, visits);
        }
        catch (RpcException failed)
        {
            body.Append(Html.Failure(failed));
        }
        return Html.Page("Tôi đến các địa điểm", body.ToString(), signedIn: true);
    }

    private static void AppendExposures(StringBuilder body, List<ExposureNotification> exposures)
    {
        body.Append("<ul id=\"canh-bao\" class=\"canh-bao\">");
        foreach (var n in exposures)
        {
            body.Append("<li class=\"").Append(n.Tier == Tier.F1 ? "f1" : "f2").Append("\"><p class=\"muc\">").Append(Html.Encode(TierWords(n.Tier))).Append("</p><dl>")
                .Append("<dt>Cách tiếp xúc</dt><dd>").Append(Html.Encode(KindWords(n.Kind))).Append("</dd>")
                .Append("<dt>Nơi</dt><dd>").Append(Html.Encode(n.Kind == ExposureKind.Venue && n.VenueName.Length > 0 ? n.VenueName : "Không gắn với địa điểm nào (điện thoại ghi nhận ở gần)")).Append("</dd>")
                .Append("<dt>Thời gian (giờ Việt Nam)</dt><dd>").Append(Window(n)).Append("</dd>")
                .Append("<dt>Bạn nên làm gì</dt><dd>").Append(Html.Encode(Advice(n.Tier))).Append("</dd></dl></li>");
        }
        body.Append("</ul>");
    }

    private static void AppendVisits(StringBuilder body, List<Visit> visits)
    {
        body.Append("<p class=\"goi-y\">Mới nhất trước; thời gian theo giờ Việt Nam (GMT+7). Lượt không quét ra được tự đóng sau một thời gian.</p>")
            .Append("<div class=\"bang-lich-su\"><table id=\"luot-den\" class=\"lich-su\"><thead><tr><th scope=\"col\">Địa điểm</th><th scope=\"col\">Vào lúc (giờ Việt Nam)</th>")
            .Append("<th scope=\"col\">Ra lúc (giờ Việt Nam)</th><th scope=\"col\">Kết thúc</th></tr></thead><tbody>");
        foreach (var v in visits)
        {
            body.Append("<tr><td data-nhan=\"Địa điểm\">").Append(Html.Encode(v.VenueName.Length > 0 ? v.VenueName : "Địa điểm không còn trong hệ thống")).Append("</td>")
                .Append("<td data-nhan=\"Vào lúc\" class=\"thoi-gian\">").Append(v.Start is null ? "" : Html.Time(v.Start.ToDateTimeOffset())).Append("</td>")
                .Append("<td data-nhan=\"Ra lúc\" class=\"thoi-gian\">").Append(v.End is null ? "" : Html.Time(v.End.ToDateTimeOffset())).Append("</td>")
                .Append("<td data-nhan=\"Kết thúc\">").Append(v.ScannedOut ? "Đã quét ra" : "Tự đóng (không quét ra)").Append("</td></tr>");
        }
        body.Append("</tbody></table></div>");
    }

    /// <summary>The tier as people were told it in 2021.</summary>
    internal static string TierWords(Tier tier) => tier switch
    {
        Tier.F1 => "F1: bạn đã tiếp xúc với một ca bệnh",
        Tier.F2 => "F2: bạn đã tiếp xúc với một người F1",
        _ => "Có thể đã tiếp xúc với nguồn lây",
    };

    internal static string KindWords(ExposureKind kind) => kind switch
    {
        ExposureKind.Venue => "Cùng địa điểm, cùng thời gian",
        ExposureKind.Proximity => "Tiếp xúc gần (ghi nhận bằng Bluetooth)",
        _ => "Không rõ",
    };

    internal static string Advice(Tier tier) => tier == Tier.F1
        ? $"Ở nhà, không đến nơi đông người, tự theo dõi sức khoẻ; gọi ngay trạm y tế phường, xã nơi bạn ở hoặc đường dây nóng {Hotline} để được hướng dẫn xét nghiệm."
        : $"Hạn chế ra ngoài, đeo khẩu trang và tự theo dõi sức khoẻ; nếu sốt, ho hoặc khó thở, gọi trạm y tế phường, xã hoặc đường dây nóng {Hotline}.";

    private static string Window(ExposureNotification n)
    {
        if (n.Start is null)
            return "";
        var start = n.Start.ToDateTimeOffset();
        if (n.End is null)
            return Html.Encode("Từ " + Html.Clock(start));
        return Html.Encode($"{Html.Clock(start)} – {Html.Clock(n.End.ToDateTimeOffset())}");
    }

    private const string Style = """
        <style>
        .canh-bao{list-style:none;padding:0;margin:0}
        .canh-bao li{border:1px solid #ccc;border-left:6px solid #f9ab00;border-radius:6px;padding:.4rem .8rem;margin:0 0 .8rem;background:#fff8e1}
        .canh-bao li.f1{border-left-color:#b00020;background:#fdecea}
        .canh-bao .muc{font-weight:bold;margin:.2rem 0}
        .canh-bao dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:.15rem .8rem}
        .canh-bao dt{font-weight:bold}
        .canh-bao dd{margin:0;overflow-wrap:anywhere}
        @media (max-width:500px){.canh-bao dl{grid-template-columns:1fr}.canh-bao dd{margin-bottom:.3rem}}
        </style>
        """;
}
