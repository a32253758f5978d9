using System.Globalization;
using System.Text;
using Tracing.V1;

namespace Tracing.Server.CheckIn;

/// <summary>Scan history as CSV: UTF-8 with a byte-order mark so spreadsheets read Vietnamese correctly.</summary>
public static class ScanHistoryCsv
{
    /// <summary>The header row, in Vietnamese.</summary>
    public const string Header = "Thời gian (UTC),Địa điểm,Mã địa điểm,Họ tên,Số điện thoại,Năm sinh,Chiều,Cách quét,Tờ khai y tế,Cần kiểm tra";

    /// <summary>Writes the rows in chunks of about <paramref name="chunkSize"/> bytes.</summary>
    public static IEnumerable<byte[]> Chunks(IEnumerable<ScanRecord> records, int chunkSize = 32 * 1024)
    {
        var builder = new StringBuilder();
        builder.Append('\uFEFF').Append(Header).Append("\r\n");
        foreach (var r in records)
        {
            builder.Append(r.ScannedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(r.VenueName)).Append(',')
                .Append(Field(r.VenueId)).Append(',')
                .Append(Field(r.VisitorName)).Append(',')
                .Append(Field(r.VisitorPhone)).Append(',')
                .Append(r.VisitorBirthYear == 0 ? "" : r.VisitorBirthYear.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Direction == Direction.In ? "Vào" : "Ra").Append(',')
                .Append(r.Method switch { ScanMethod.Self => "Tự quét", ScanMethod.Controller => "Quét mã cá nhân", _ => "Nhập tay" }).Append(',')
                .Append(r.Status == ScanStatus.Accepted ? "Hợp lệ" : "Chưa khai báo").Append(',')
                .Append(r.FlaggedForReview ? "Quét quá nhiều lần trong ngày" : "")
                .Append("\r\n");
            if (builder.Length >= chunkSize)
            {
                yield return Encoding.UTF8.GetBytes(builder.ToString());
                builder.Clear();
            }
        }
        if (builder.Length > 0)
            yield return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>
    /// A CSV field, quoted when needed. A cell a spreadsheet would read as a formula gets a leading apostrophe: it
    /// starts with <c>= + - @</c>, or with a tab or carriage return, which spreadsheets skip before looking for one
    /// (OWASP's CSV-injection list); names and venue names are typed by the public, so a cell must stay text.
    /// </summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
