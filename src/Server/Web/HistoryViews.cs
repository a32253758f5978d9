namespace Tracing.Server.Web;

/// <summary>
/// The two views of "Lịch sử quét mã QR": who came to my venues (<c>/lich-su-quet</c>) and where I went
/// (<c>/lich-su-quet/cua-toi</c>), switched by the tabs at the top of both pages.
/// </summary>
internal static class HistoryViews
{
    /// <summary>The history of scans at the venues I manage.</summary>
    public const string VenuesPath = "/lich-su-quet";

    /// <summary>My own visits and exposure alerts.</summary>
    public const string MinePath = "/lich-su-quet/cua-toi";

    /// <summary>The switch, with the current view marked for screen readers too.</summary>
    public static string Switch(bool mine)
        => "<style>.chon-xem{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0 1rem;padding:0;list-style:none}"
            + ".chon-xem a{display:inline-block;padding:.45rem .9rem;border:1px solid #0b5fa5;border-radius:4px;text-decoration:none;color:#0b5fa5}"
            + ".chon-xem a[aria-current]{background:#0b5fa5;color:#fff;font-weight:bold}</style>"
            + "<nav aria-label=\"Chọn lịch sử\"><ul class=\"chon-xem\">"
            + $"<li><a href=\"{VenuesPath}\"{(mine ? "" : " aria-current=\"page\"")}>Khách đến địa điểm của tôi</a></li>"
            + $"<li><a href=\"{MinePath}\"{(mine ? " aria-current=\"page\"" : "")}>Tôi đến các địa điểm</a></li>"
            + "</ul></nav>";
}
