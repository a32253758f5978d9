namespace Tracing.Matching.Safety;

/// <summary>
/// The daily self-assessment checklist of each facility category (the venue's <c>category</c>): the measures common
/// to every facility, then the category's own. Each list's weights add up to 100.
/// </summary>
public static class SafetyChecklist
{
    /// <summary>The categories with a checklist of their own; any other venue category uses <see cref="Other"/>.</summary>
    public static readonly IReadOnlyList<string> Categories = ["school", "hospital", "factory", "market", "restaurant", "office", "transport"];

    /// <summary>The category of venues whose category has no checklist of its own.</summary>
    public const string Other = "other";

    private static readonly ChecklistItem[] Common =
    [
        new("masks", "Mọi người đeo khẩu trang", 15, Critical: true),
        new("qr-scanning", "Quét mã QR khi vào", 15, Critical: true),
        new("health-declarations", "Nhân viên khai báo y tế hằng ngày", 10),
        new("hand-sanitiser", "Có nước rửa tay sát khuẩn ở lối vào", 10),
        new("disinfection", "Khử khuẩn bề mặt hằng ngày", 10),
        new("ventilation", "Thông gió tốt", 10),
    ];

    private static readonly Dictionary<string, ChecklistItem[]> Own = new(StringComparer.Ordinal)
    {
        ["school"] = [new("distancing", "Giãn cách chỗ ngồi trong lớp", 15, Critical: true), new("temperature", "Đo thân nhiệt học sinh khi vào", 10), new("isolation-room", "Có phòng cách ly tạm thời", 5)],
        ["hospital"] = [new("screening", "Phân luồng, sàng lọc người bệnh ở cổng", 15, Critical: true), new("isolation-room", "Có khu cách ly người nghi nhiễm", 10), new("protective-equipment", "Nhân viên y tế có đồ bảo hộ", 5)],
        ["factory"] = [new("distancing", "Giãn cách trên dây chuyền và ở nhà ăn", 15, Critical: true), new("shift-groups", "Chia ca, không trộn nhóm làm việc", 10), new("temperature", "Đo thân nhiệt khi vào ca", 5)],
        ["market"] = [new("distancing", "Giãn cách giữa các quầy", 15, Critical: true), new("entry-control", "Kiểm soát số người vào cùng lúc", 10), new("temperature", "Đo thân nhiệt ở cổng", 5)],
        ["restaurant"] = [new("distancing", "Bàn cách nhau ít nhất 2 m", 15, Critical: true), new("capacity", "Không quá nửa số chỗ ngồi", 10), new("staff-masks", "Nhân viên phục vụ đeo khẩu trang, găng tay", 5)],
        ["office"] = [new("distancing", "Giãn cách chỗ làm việc", 15, Critical: true), new("meetings", "Họp trực tuyến khi có thể", 10), new("temperature", "Đo thân nhiệt khi vào", 5)],
        ["transport"] = [new("distancing", "Giãn cách trong phòng chờ và trên xe", 15, Critical: true), new("passenger-list", "Ghi danh sách hành khách", 10), new("vehicle-disinfection", "Khử khuẩn phương tiện sau mỗi chuyến", 5)],
        [Other] = [new("distancing", "Giãn cách giữa mọi người", 15, Critical: true), new("capacity", "Giới hạn số người cùng lúc", 10), new("temperature", "Đo thân nhiệt khi vào", 5)],
    };

    /// <summary>The checklist category of a venue category (trimmed, any case); unknown ones are <see cref="Other"/>.</summary>
    public static string CategoryOf(string venueCategory)
    {
        var key = venueCategory.Trim().ToLowerInvariant();
        return Own.ContainsKey(key) ? key : Other;
    }

    /// <summary>The items a venue of <paramref name="venueCategory"/> answers each day.</summary>
    public static IReadOnlyList<ChecklistItem> For(string venueCategory) => [.. Common, .. Own[CategoryOf(venueCategory)]];
}
