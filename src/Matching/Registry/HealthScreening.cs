namespace Tracing.Matching.Registry;

/// <summary>
/// The screening rule at the door, in one place for every way a declaration is filed:
/// <list type="bullet">
/// <item>RED: contact with a confirmed case, or fever together with cough or shortness of breath;</item>
/// <item>YELLOW: otherwise any symptom (one of the listed ones or another one named), contact with a suspected case or
/// with a traveller from an outbreak area, a visit to an outbreak area, or travel in the last 14 days;</item>
/// <item>GREEN: none of these.</item>
/// </list>
/// </summary>
public static class HealthScreening
{
    /// <summary>The national COVID-19 hotline of 2021.</summary>
    public const string Hotline = "1900 9095";

    /// <summary>The longest reason quoted from what the person wrote (another symptom, travel).</summary>
    private const int LongestQuote = 80;

    private static readonly string[] NoTravel = ["không", "khong", "không có", "không đi đâu", "no", "none", "-"];

    /// <summary>Screens a declaration's answers.</summary>
    public static ScreeningOutcome Of(HealthAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var reasons = new List<string>();
        void Add(bool yes, string reason)
        {
            if (yes)
                reasons.Add(reason);
        }
        Add(answers.Fever, "Sốt");
        Add(answers.Cough, "Ho");
        Add(answers.ShortnessOfBreath, "Khó thở");
        Add(answers.SoreThroat, "Đau họng");
        Add(answers.LossOfTasteOrSmell, "Mất vị giác hoặc khứu giác");
        Add(answers.Fatigue, "Mệt mỏi");
        var other = answers.OtherSymptom.Trim();
        Add(other.Length > 0, "Triệu chứng khác: " + Quote(other));
        Add(answers.ContactWithConfirmedCase, "Tiếp xúc với ca bệnh COVID-19");
        Add(answers.ContactWithSuspectedCase, "Tiếp xúc với người nghi nhiễm");
        Add(answers.ContactWithTravellerFromOutbreakArea, "Tiếp xúc với người từ vùng có dịch");
        Add(answers.VisitedOutbreakArea, "Đến vùng có dịch");
        var travel = answers.TravelHistory.Trim();
        var travelled = travel.Length > 0 && !NoTravel.Contains(travel.TrimEnd('.'), StringComparer.OrdinalIgnoreCase);
        Add(travelled, "Đi lại trong 14 ngày qua: " + Quote(travel));
        var colour = answers.ContactWithConfirmedCase || (answers.Fever && (answers.Cough || answers.ShortnessOfBreath))
            ? ScreeningColour.Red
            : reasons.Count > 0 ? ScreeningColour.Yellow : ScreeningColour.Green;
        return new ScreeningOutcome(colour, reasons);
    }

    /// <summary>What a person screened <paramref name="colour"/> should do, in Vietnamese (empty when unscreened).</summary>
    public static string AdviceFor(ScreeningColour colour) => colour switch
    {
        ScreeningColour.Red => $"Không vào địa điểm. Ở nhà, hạn chế tiếp xúc và gọi ngay trạm y tế phường/xã hoặc đường dây nóng {Hotline}.",
        ScreeningColour.Yellow => $"Báo nhân viên kiểm tra trước khi vào; theo dõi sức khỏe và gọi trạm y tế phường/xã (hoặc đường dây nóng {Hotline}) nếu sốt, ho hoặc khó thở.",
        ScreeningColour.Green => "Đủ điều kiện vào; tiếp tục thực hiện 5K.",
        _ => "",
    };

    private static string Quote(string text) => text.Length <= LongestQuote ? text : string.Concat(text.AsSpan(0, LongestQuote - 1), "…");
}
