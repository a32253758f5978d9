namespace Tracing.Matching;

/// <summary>
/// What people call the contract's fields on screen, for refusals that name a field passed in as a parameter: a
/// Vietnamese sentence says "Số điện thoại", never <c>registrant_phone</c>.
/// </summary>
public static class FieldNames
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["phone"] = "Số điện thoại",
        ["registrant_phone"] = "Số điện thoại người đăng ký",
        ["manual_visitor.phone"] = "Số điện thoại của khách",
        ["scanned_at"] = "Thời điểm quét",
        ["from"] = "Thời điểm bắt đầu",
        ["to"] = "Thời điểm kết thúc",
        ["date"] = "Ngày",
        ["test_date"] = "Ngày xét nghiệm",
        ["symptom_onset_date"] = "Ngày khởi phát triệu chứng",
        ["seen_at"] = "Thời điểm tiếp xúc",
        ["entry.arrival_date"] = "Ngày nhập cảnh",
    };

    /// <summary>The screen name of <paramref name="field"/> (a contract field name); a neutral phrase for one not listed.</summary>
    public static string Vietnamese(string field) => Labels.TryGetValue(field, out var label) ? label : "Giá trị đã nhập";
}
