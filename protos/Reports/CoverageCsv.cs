using System.Globalization;
using System.Text;

namespace Tracing.V1;

/// <summary>
/// A coverage report as CSV for Excel, the same from the web dashboard and <c>tracing coverage --csv</c>: UTF-8 with a
/// byte-order mark (so Excel shows Vietnamese), Vietnamese column headers, each sub-region's code and official name,
/// the day as a date in Vietnam, and the region's totals as the last row.
/// </summary>
public static class CoverageCsv
{
    /// <summary>The column headers, in order.</summary>
    public static readonly IReadOnlyList<string> Headers =
    [
        "Ngày (giờ Việt Nam)", "Mã khu vực", "Khu vực", "Số địa điểm đã đăng ký", "Số địa điểm có quét mã", "Tỉ lệ địa điểm có quét mã (%)",
        "Lượt quét", "Số người quét", "Tờ khai y tế", "Địa điểm tự đánh giá an toàn", "Lượt quét 7 ngày (cũ đến mới)",
    ];

    /// <summary>The file's bytes: a BOM, the headers, one line per sub-region (least covered first), then the totals.</summary>
    public static byte[] Bytes(GetCoverageResponse report, DateOnly day)
        => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text(report, day))];

    /// <summary>A file name people recognise, e.g. <c>bao-cao-bao-phu-760-2021-08-15.csv</c> (<c>toan-quoc</c> for the country).</summary>
    public static string FileName(GetCoverageResponse report, DateOnly day)
        => $"bao-cao-bao-phu-{(report.Total?.RegionCode is { Length: > 0 } code ? code : "toan-quoc")}-{day:yyyy-MM-dd}.csv";

    /// <summary>The CSV text (CRLF line ends, fields quoted where they must be).</summary>
    public static string Text(GetCoverageResponse report, DateOnly day)
    {
        var csv = new StringBuilder();
        Line(csv, Headers);
        var date = day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        foreach (var row in report.Rows)
            Line(csv, Cells(date, row, row.RegionName));
        if (report.Total is { } total)
            Line(csv, Cells(date, total, $"Tổng cộng: {total.RegionName}"));
        return csv.ToString();
    }

    /// <summary>The share of a row's registered venues that scanned on the day, in whole percent (0 without venues).</summary>
    public static long SharePercent(CoverageRow row)
        => row.VenuesRegistered == 0 ? 0 : (long)Math.Round(100.0 * row.VenuesActive / row.VenuesRegistered, MidpointRounding.AwayFromZero);

    private static string[] Cells(string date, CoverageRow row, string name) =>
    [
        date, row.RegionCode, name, Number(row.VenuesRegistered), Number(row.VenuesActive), Number(SharePercent(row)),
        Number(row.Scans), Number(row.DistinctVisitors), Number(row.Declarations), Number(row.SafetyAssessments),
        string.Join(' ', row.DailyScans.Select(Number)),
    ];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder csv, IEnumerable<string> cells)
        => csv.Append(string.Join(',', cells.Select(Quoted))).Append("\r\n");

    private static string Quoted(string cell)
        => cell.IndexOfAny([',', '"', '\r', '\n']) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
