using System.Text;
using Google.Protobuf.WellKnownTypes;
using Tracing.Server.Web;
using Tracing.V1;

namespace Tracing.Server.Tests.Web;

/// <summary>How a history row marks a visitor who needs checking: in words and colour, the row itself marked too.</summary>
public sealed class ScanHistoryTableTests
{
    [Theory]
    [InlineData(ScreeningLevel.Yellow, false, "can-kiem-tra", "<span class=\"sl sl-vang\">Cần kiểm tra (vàng)</span>")]
    [InlineData(ScreeningLevel.Red, false, "khong-cho-vao", "<span class=\"sl sl-do\">Không cho vào (đỏ)</span>")]
    [InlineData(ScreeningLevel.Green, true, "can-kiem-tra", "<span class=\"flag\">Quét quá nhiều lần trong ngày</span>")]
    [InlineData(ScreeningLevel.Green, false, "", "<span class=\"sl sl-xanh\">Bình thường (xanh)</span>")]
    public void A_visitor_who_needs_checking_is_marked_in_words_and_colour(ScreeningLevel level, bool flagged, string rowClass, string mark)
    {
        var body = new StringBuilder();
        ScanHistoryTable.Append(body, [Record(level, flagged)], showVenue: true);
        var html = System.Net.WebUtility.HtmlDecode(body.ToString());

        Assert.Contains(mark, html, StringComparison.Ordinal);
        Assert.Contains(rowClass.Length > 0 ? $"<tr class=\"{rowClass}\">" : "<tr><td", html, StringComparison.Ordinal);
        Assert.Contains("<td data-nhan=\"Địa điểm\">Quán \"Ngon\"</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_without_a_screening_shows_no_mark_and_hides_the_empty_cell_on_a_phone()
    {
        var body = new StringBuilder();
        ScanHistoryTable.Append(body, [Record(ScreeningLevel.Unspecified, flagged: false)], showVenue: false);
        var html = System.Net.WebUtility.HtmlDecode(body.ToString());

        Assert.DoesNotContain("class=\"sl", html, StringComparison.Ordinal);
        Assert.Contains("<td data-nhan=\"Sàng lọc y tế\" class=\"trong\"></td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Địa điểm", html, StringComparison.Ordinal);
    }

    private static ScanRecord Record(ScreeningLevel level, bool flagged) => new()
    {
        VenueId = "v-0000000000",
        VenueName = "Quán \"Ngon\"",
        VisitorName = "NGUYỄN ĐÌNH ***",
        VisitorPhone = "0966 323 ***",
        Direction = Direction.In,
        Method = ScanMethod.Self,
        Status = ScanStatus.Accepted,
        Screening = level,
        FlaggedForReview = flagged,
        ScannedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };
}
