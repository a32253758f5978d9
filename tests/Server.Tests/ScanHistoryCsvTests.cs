using System.Text;
using Google.Protobuf.WellKnownTypes;
using Tracing.Matching.Registry;
using Tracing.Server.CheckIn;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// The exported CSV as a manager opens it in a spreadsheet: diacritics intact (a byte-order mark), Vietnamese headers,
/// Vietnam's time said in the header, the venue's code as on its poster, the screening in words; and a name or venue
/// name typed by the public stays text: no cell starts with something a spreadsheet reads as a formula.
/// </summary>
public sealed class ScanHistoryCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(A1)", "'=HYPERLINK(A1)")]
    [InlineData("+84 912", "'+84 912")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "\"'\r=1+1\"")]
    [InlineData("\n=1+1", "\"'\n=1+1\"")]
    [InlineData("Nguyễn Văn An", "Nguyễn Văn An")]
    [InlineData("Quán \"Ngon\", Quận 1", "\"Quán \"\"Ngon\"\", Quận 1\"")]
    [InlineData("", "")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(string value, string cell)
        => Assert.Equal(cell, ScanHistoryCsv.Field(value));

    [Fact]
    public void A_row_reads_in_vietnamese_with_vietnam_time_the_posters_code_and_the_screening()
    {
        var venueId = VenueCode.New();
        var record = new ScanRecord
        {
            VenueId = venueId,
            VenueName = "Chợ Bến Thành",
            VisitorName = "NGUYỄN ĐÌNH ***",
            VisitorPhone = "0966 323 ***",
            VisitorBirthYear = 1990,
            Direction = Direction.In,
            Method = ScanMethod.Controller,
            Status = ScanStatus.Accepted,
            Screening = ScreeningLevel.Red,
            FlaggedForReview = true,
            // 17:30 UTC is half past midnight of the next day in Vietnam.
            ScannedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 2, 17, 30, 5, TimeSpan.Zero)),
        };

        var bytes = ScanHistoryCsv.Chunks([record]).SelectMany(chunk => chunk).ToArray();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            "Thời gian quét (giờ Việt Nam, UTC+7),Địa điểm,Mã địa điểm,Họ tên,Số điện thoại,Năm sinh,Chiều,Cách quét,Tờ khai y tế,Sàng lọc y tế,Cần kiểm tra",
            lines[0]);
        Assert.Equal(
            $"2026-12-03 00:30:05,Chợ Bến Thành,{VenueCode.Display(venueId)},NGUYỄN ĐÌNH ***,0966 323 ***,1990,Vào,Quét mã cá nhân,Hợp lệ,Không cho vào (đỏ),Quét quá nhiều lần trong ngày",
            lines[1]);
        Assert.Matches("^V-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]$", VenueCode.Display(venueId));
    }

    [Fact]
    public void A_visitor_without_a_declaration_or_screening_leaves_those_cells_plain()
    {
        var record = new ScanRecord
        {
            VenueId = VenueCode.New(),
            VenueName = "Quán Cơm",
            VisitorName = "HỒ XUÂN ***",
            Direction = Direction.Out,
            Method = ScanMethod.Manual,
            Status = ScanStatus.DeclarationRequired,
            ScannedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero)),
        };

        var line = Encoding.UTF8.GetString(ScanHistoryCsv.Chunks([record]).SelectMany(chunk => chunk).ToArray()).Split("\r\n")[1];

        Assert.EndsWith(",HỒ XUÂN ***,,,Ra,Nhập tay,Chưa khai báo,,", line, StringComparison.Ordinal);
        Assert.StartsWith("2026-12-03 08:00:00,", line, StringComparison.Ordinal);
    }
}
