using Tracing.V1;

namespace Tracing.Server.CheckIn;

/// <summary>
/// How a scan record reads in Vietnamese, the one home for the words of the portal's history table and of the CSV
/// export: direction, way of scanning, declaration status, screening and the review flag.
/// </summary>
public static class ScanWords
{
    /// <summary>"Vào" or "Ra".</summary>
    public static string Direction(Direction direction) => direction == V1.Direction.Out ? "Ra" : "Vào";

    /// <summary>How the scan was made: the visitor's app, the staff's scanner on a personal code, or typed in.</summary>
    public static string Method(ScanMethod method) => method switch
    {
        ScanMethod.Self => "Tự quét",
        ScanMethod.Controller => "Quét mã cá nhân",
        _ => "Nhập tay",
    };

    /// <summary>Whether a valid health declaration counted for the scan.</summary>
    public static string Status(ScanStatus status) => status == ScanStatus.Accepted ? "Hợp lệ" : "Chưa khai báo";

    /// <summary>The screening of the declaration that counted (empty when none did).</summary>
    public static string Screening(ScreeningLevel level) => level switch
    {
        ScreeningLevel.Green => "Bình thường (xanh)",
        ScreeningLevel.Yellow => "Cần kiểm tra (vàng)",
        ScreeningLevel.Red => "Không cho vào (đỏ)",
        _ => "",
    };

    /// <summary>Why a scan was flagged for review (empty when it was not).</summary>
    public static string Flag(ScanRecord record) => record.FlaggedForReview ? "Quét quá nhiều lần trong ngày" : "";

    /// <summary>Whether the visitor needs checking: a yellow or red screening, or a scan flagged for review.</summary>
    public static bool NeedsChecking(ScanRecord record)
        => record.FlaggedForReview || record.Screening is ScreeningLevel.Yellow or ScreeningLevel.Red;
}
