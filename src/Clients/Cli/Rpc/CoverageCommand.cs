using System.CommandLine;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Tracing.V1;

namespace Tracing.Cli.Rpc;

/// <summary>
/// <c>tracing coverage</c>: how far QR scanning and declarations reached in every sub-region of a region — by name,
/// those without a venue included with zeros, least covered first — with the region's totals, and as CSV with
/// <c>--csv FILE</c>.
/// </summary>
internal static class CoverageCommand
{
    private const int LongestName = 32;

    public static Command Create()
    {
        var region = new Option<string>("--region") { Description = "Empty: the country by province; a province code (e.g. 79): its districts; a district code (e.g. 760): its wards." };
        var date = new Option<string>("--date") { Description = "The day in Vietnam, YYYY-MM-DD (default: today in Vietnam)." };
        var csv = new Option<FileInfo>("--csv") { Description = "Also write the report to this CSV file (UTF-8 with BOM for Excel, Vietnamese headers, totals last)." };
        var command = new Command("coverage", "Roll-out coverage for a health department: every sub-region by name with venues registered and scanning, scans, visitors, declarations, safety assessments and a 7-day scan trend, least covered first, then the region's totals.")
        {
            region, date, csv,
        };
        command.SetAction((parse, _) => Connection.RunAsync(parse, async (client, printer) =>
        {
            var request = new GetCoverageRequest { RegionCode = parse.GetValue(region) ?? "" };
            var day = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
            if (parse.GetValue(date) is { } typed)
            {
                if (!DateOnly.TryParseExact(typed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
                    throw new UsageException($"--date {typed}: ngày phải có dạng YYYY-MM-DD, ví dụ 2021-08-15.");
                request.Date = Timestamp.FromDateTime(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
            }
            var report = await client.Reports.GetCoverageAsync(request).ConfigureAwait(false);
            if (printer.Json)
                printer.Print(report);
            else
                Print(printer, report, day);
            if (parse.GetValue(csv) is { } file)
            {
                await File.WriteAllBytesAsync(file.FullName, CoverageCsv.Bytes(report, day)).ConfigureAwait(false);
                printer.Say($"Đã ghi báo cáo ({report.Rows.Count} khu vực và dòng tổng cộng) vào {file.FullName}");
            }
        }));
        return command;
    }

    private static void Print(Printer printer, GetCoverageResponse report, DateOnly day)
    {
        var total = report.Total ?? new CoverageRow();
        var width = Math.Clamp(report.Rows.Select(r => r.RegionName.Length).Append(total.RegionName.Length + 11).Max(), 10, LongestName);
        printer.Say($"Báo cáo bao phủ: {total.RegionName}, ngày {day:dd/MM/yyyy} (giờ Việt Nam)");
        printer.Say("Khu vực bao phủ thấp nhất đứng đầu: chưa có địa điểm, rồi tỉ lệ địa điểm có quét mã thấp nhất, rồi ít lượt quét nhất.");
        printer.Say("");
        printer.Say($"{"Mã",-5} {"Khu vực".PadRight(width)} {"Địa điểm",8} {"Có quét",8} {"Tỉ lệ",6} {"Lượt quét",9} {"Số người",8} {"Tờ khai",8} {"Tự đánh giá",11}  Lượt quét 7 ngày");
        foreach (var row in report.Rows)
            printer.Say(Line(row, row.RegionName, width));
        printer.Say(Line(total, $"Tổng cộng: {total.RegionName}", width));
        printer.Say($"{report.Rows.Count} khu vực, {report.Rows.Count(r => r.VenuesRegistered == 0)} chưa có địa điểm nào.");
    }

    private static string Line(CoverageRow row, string name, int width) => string.Create(
        CultureInfo.InvariantCulture,
        $"{row.RegionCode,-5} {Shorten(name, width).PadRight(width)} {row.VenuesRegistered,8:N0} {row.VenuesActive,8:N0} {CoverageCsv.SharePercent(row),5}% {row.Scans,9:N0} {row.DistinctVisitors,8:N0} {row.Declarations,8:N0} {row.SafetyAssessments,11:N0}  {string.Join(' ', row.DailyScans)}");

    private static string Shorten(string name, int width) => name.Length <= width ? name : name[..(width - 1)] + "…";
}
