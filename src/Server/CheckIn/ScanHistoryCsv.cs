using System.Globalization;
using System.Text;
using Tracing.Matching;
using Tracing.Matching.Registry;
using Tracing.V1;

namespace Tracing.Server.CheckIn;

/// <summary>
/// Scan history as CSV: UTF-8 with a byte-order mark so spreadsheets show Vietnamese diacritics, Vietnamese headers,
/// times in Vietnam's time (UTC+7, said in the header), venue codes as printed on the poster (V-XXXXX-XXXXX-X), and
/// the words of the portal's table (<see cref="ScanWords"/>).
/// </summary>
public static class ScanHistoryCsv
{
    /// <summary>The header of the time column: the times below it are Vietnam's.</summary>
    public const string TimeHeader = "Thời gian quét (giờ Việt Nam, UTC+7)";

    /// <summary>The header row, in Vietnamese.</summary>
    public const string Header = TimeHeader + ",Địa điểm,Mã địa điểm,Họ tên,Số điện thoại,Năm sinh,Chiều,Cách quét,Tờ khai y tế,Sàng lọc y tế,Cần kiểm tra";

    /// <summary>Writes the rows in chunks of about <paramref name="chunkSize"/> bytes.</summary>
    public static IEnumerable<byte[]> Chunks(IEnumerable<ScanRecord> records, int chunkSize = 32 * 1024)
    {
        var builder = new StringBuilder();
        builder.Append('\uFEFF').Append(Header).Append("\r\n");
        foreach (var r in records)
        {
            AppendRow(builder, r);
            if (builder.Length >= chunkSize)
            {
                yield return Encoding.UTF8.GetBytes(builder.ToString());
                builder.Clear();
            }
        }
        if (builder.Length > 0)
            yield return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>One record as a CSV line (with its line break).</summary>
    internal static void AppendRow(StringBuilder builder, ScanRecord r)
        => builder.Append(VietnamTimeOf(r.ScannedAt)).Append(',')
            .Append(Field(r.VenueName)).Append(',')
            .Append(Field(VenueCodeOf(r.VenueId))).Append(',')
            .Append(Field(r.VisitorName)).Append(',')
            .Append(Field(r.VisitorPhone)).Append(',')
            .Append(r.VisitorBirthYear == 0 ? "" : r.VisitorBirthYear.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(ScanWords.Direction(r.Direction)).Append(',')
            .Append(ScanWords.Method(r.Method)).Append(',')
            .Append(ScanWords.Status(r.Status)).Append(',')
            .Append(Field(ScanWords.Screening(r.Screening))).Append(',')
            .Append(Field(ScanWords.Flag(r)))
            .Append("\r\n");

    /// <summary>A scan's time in Vietnam (the header says so), in a form spreadsheets read as a date and time.</summary>
    internal static string VietnamTimeOf(Google.Protobuf.WellKnownTypes.Timestamp? at)
        => at is null ? "" : at.ToDateTimeOffset().ToOffset(VietnamTime.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The venue's code as printed on its poster; anything else unchanged.</summary>
    private static string VenueCodeOf(string venueId)
        => VenueCode.TryRead(venueId, out var code, out _) ? VenueCode.Display(code) : venueId;

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
