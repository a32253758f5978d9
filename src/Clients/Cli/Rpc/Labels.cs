namespace Tracing.Cli.Rpc;

/// <summary>
/// What the printed answers call things in Vietnamese: a label per contract field and a word per enum value (with
/// <c>--lang en</c> the contract's own names are printed). A field or value missing here keeps its contract name.
/// </summary>
internal static class Labels
{
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["accepted"] = "Đã nhận", ["access_token"] = "Mã truy cập", ["advice"] = "Lời khuyên", ["answers"] = "Câu trả lời",
        ["approval_code"] = "Mã phê duyệt", ["arrival_date"] = "Ngày nhập cảnh", ["arrival_point"] = "Cửa khẩu nhập cảnh",
        ["assessed_at"] = "Tự đánh giá lúc", ["batch_id"] = "Mã lô", ["birth_year"] = "Năm sinh", ["case_id"] = "Mã ca bệnh",
        ["category"] = "Loại hình", ["client_event_id"] = "Mã lượt quét", ["code"] = "Mã", ["comment"] = "Góp ý",
        ["contact_with_confirmed_case"] = "Tiếp xúc với ca bệnh", ["contact_with_suspected_case"] = "Tiếp xúc với người nghi nhiễm",
        ["contact_with_traveller_from_outbreak_area"] = "Tiếp xúc với người từ vùng dịch", ["content_type"] = "Loại tệp",
        ["controller_id"] = "Người quét", ["cough"] = "Ho", ["created_at"] = "Tạo lúc", ["daily_scans"] = "Lượt quét theo ngày",
        ["data"] = "Dữ liệu", ["declaration_id"] = "Mã tờ khai", ["declarations"] = "Tờ khai", ["departure_country"] = "Nước khởi hành",
        ["direction"] = "Chiều", ["distinct_visitors"] = "Số người đến", ["district_code"] = "Quận/Huyện", ["duplicate"] = "Trùng lặp",
        ["end"] = "Đến", ["entry"] = "Nhập cảnh", ["error_code"] = "Mã lỗi", ["expires_at"] = "Hết hạn lúc",
        ["exposure_history"] = "Tiền sử tiếp xúc", ["exposures"] = "Tiếp xúc", ["exposures_found"] = "Số tiếp xúc tìm thấy",
        ["fatigue"] = "Mệt mỏi", ["feedback_count"] = "Số góp ý", ["fever"] = "Sốt", ["flagged_for_review"] = "Cần xem xét",
        ["full_name"] = "Họ và tên", ["gender"] = "Giới tính", ["id_number"] = "Số CCCD/hộ chiếu", ["in_place"] = "Đã có",
        ["infectious_from"] = "Có khả năng lây từ", ["infectious_until"] = "Có khả năng lây đến", ["item"] = "Mục", ["keys"] = "Khoá",
        ["keys_accepted"] = "Số khoá đã nhận", ["keys_uploaded"] = "Đã gửi khoá", ["kind"] = "Loại", ["labels"] = "Nhãn",
        ["level"] = "Mức", ["loss_of_taste_or_smell"] = "Mất vị giác hoặc khứu giác", ["manager"] = "Người quản lý",
        ["managers"] = "Người quản lý", ["message"] = "Thông báo", ["method"] = "Cách ghi nhận", ["missing_items"] = "Còn thiếu",
        ["name"] = "Tên", ["nationality"] = "Quốc tịch", ["next_page_token"] = "Trang tiếp", ["next_token"] = "Đọc tiếp từ",
        ["notification"] = "Thông báo", ["notification_id"] = "Mã thông báo", ["notifications"] = "Thông báo", ["on_behalf"] = "Khai hộ",
        ["other"] = "Khác", ["parent_venue_id"] = "Nằm trong địa điểm", ["passport_number"] = "Số hộ chiếu",
        ["payload"] = "Nội dung mã QR", ["phone"] = "Số điện thoại", ["phone_verified"] = "Đã xác thực số điện thoại",
        ["province_code"] = "Tỉnh/Thành phố", ["qr_payload"] = "Nội dung mã QR", ["quarantine_address"] = "Địa chỉ cách ly",
        ["rating"] = "Đánh giá", ["reasons"] = "Lý do", ["received_at"] = "Máy chủ nhận lúc", ["region_code"] = "Mã địa bàn",
        ["region_name"] = "Địa bàn", ["registrant"] = "Người đăng ký", ["registrant_name"] = "Người đăng ký",
        ["registrant_phone"] = "Số điện thoại người đăng ký", ["rejected"] = "Bị từ chối", ["rejection_reasons"] = "Lý do từ chối",
        ["report_type"] = "Loại báo cáo", ["reported_by"] = "Đơn vị báo cáo", ["reporting_province_code"] = "Tỉnh báo cáo",
        ["resend_after"] = "Gửi lại sau", ["risk_score"] = "Điểm nguy cơ", ["rows"] = "Địa bàn", ["safety_assessments"] = "Số lần tự đánh giá",
        ["scan"] = "Lượt quét", ["scanned_at"] = "Quét lúc", ["scanned_out"] = "Đã quét ra", ["scans"] = "Lượt quét", ["score"] = "Điểm",
        ["screening"] = "Sàng lọc", ["shortness_of_breath"] = "Khó thở", ["sore_throat"] = "Đau họng", ["start"] = "Từ",
        ["status"] = "Trạng thái", ["street_address"] = "Địa chỉ", ["subject_user_id"] = "Mã người được khai",
        ["symptom_onset_date"] = "Ngày khởi phát", ["symptoms"] = "Triệu chứng", ["test_date"] = "Ngày xét nghiệm",
        ["through_venue_id"] = "Qua địa điểm", ["tier"] = "Mức tiếp xúc", ["travel_history"] = "Lịch sử đi lại",
        ["user_id"] = "Mã người dùng", ["valid"] = "Còn hiệu lực", ["valid_until"] = "Hiệu lực đến", ["vehicle_number"] = "Số hiệu phương tiện",
        ["venue"] = "Địa điểm", ["venue_id"] = "Mã địa điểm", ["venue_ids"] = "Mã địa điểm", ["venue_name"] = "Tên địa điểm",
        ["venues"] = "Địa điểm", ["venues_active"] = "Địa điểm có quét", ["venues_registered"] = "Địa điểm đã đăng ký",
        ["verification_code"] = "Mã xác minh", ["verification_code_expires_at"] = "Mã xác minh hết hạn lúc",
        ["visited_outbreak_area"] = "Đến vùng dịch", ["visitor_birth_year"] = "Năm sinh người đến", ["visitor_name"] = "Người đến",
        ["visitor_phone"] = "Số điện thoại người đến", ["visits"] = "Lần đến", ["ward_code"] = "Phường/Xã",
        ["weighted_minutes"] = "Số phút có trọng số", ["you"] = "Bạn",
    };

    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["DIRECTION_IN"] = "vào", ["DIRECTION_OUT"] = "ra",
        ["SCAN_METHOD_SELF"] = "tự quét mã địa điểm", ["SCAN_METHOD_CONTROLLER"] = "quét mã cá nhân tại cửa", ["SCAN_METHOD_MANUAL"] = "nhập tay tại cửa",
        ["SCAN_STATUS_ACCEPTED"] = "hợp lệ", ["SCAN_STATUS_DECLARATION_REQUIRED"] = "đã ghi nhận, cần khai báo y tế", ["SCAN_STATUS_REJECTED"] = "bị từ chối",
        ["TIER_F1"] = "F1", ["TIER_F2"] = "F2",
        ["EXPOSURE_KIND_VENUE"] = "cùng địa điểm", ["EXPOSURE_KIND_PROXIMITY"] = "tiếp xúc gần (Bluetooth)",
        ["SCREENING_LEVEL_GREEN"] = "xanh", ["SCREENING_LEVEL_YELLOW"] = "vàng", ["SCREENING_LEVEL_RED"] = "đỏ",
        ["SAFETY_STATUS_SAFE"] = "an toàn", ["SAFETY_STATUS_AT_RISK"] = "có nguy cơ", ["SAFETY_STATUS_UNSAFE"] = "phải tạm dừng", ["SAFETY_STATUS_STALE"] = "quá hạn",
        ["DECLARATION_KIND_DOMESTIC"] = "nội địa", ["DECLARATION_KIND_ENTRY"] = "nhập cảnh", ["DECLARATION_KIND_VENUE"] = "tại địa điểm",
        ["GENDER_MALE"] = "nam", ["GENDER_FEMALE"] = "nữ", ["GENDER_OTHER"] = "khác",
        ["REPORT_TYPE_CONFIRMED_TEST"] = "ca bệnh xác nhận", ["REPORT_TYPE_RECURSIVE"] = "F1 (để tìm F2)",
        ["QR_FORMAT_PNG"] = "PNG", ["QR_FORMAT_SVG"] = "SVG", ["QR_FORMAT_POSTER"] = "áp phích A4",
    };

    /// <summary>The label of a contract field.</summary>
    public static string Field(string name, bool english) => english ? name : Fields.GetValueOrDefault(name, name);

    /// <summary>The word for an enum value (by its contract name).</summary>
    public static string Value(string name, bool english) => english ? name : Values.GetValueOrDefault(name, name);

    /// <summary>Yes or no.</summary>
    public static string YesNo(bool value, bool english) => english ? (value ? "True" : "False") : value ? "có" : "không";
}
