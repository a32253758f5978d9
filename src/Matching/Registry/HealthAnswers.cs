namespace Tracing.Matching.Registry;

/// <summary>
/// The yes/no answers of a health declaration that its screening reads (symptoms, exposure and travel in the last 14
/// days), whether filed in an app, on the web check-in page or on paper at a venue's door.
/// </summary>
public sealed record HealthAnswers
{
    /// <summary>No symptom, no exposure, no travel.</summary>
    public static readonly HealthAnswers None = new();

    /// <summary>Sốt.</summary>
    public bool Fever { get; init; }

    /// <summary>Ho.</summary>
    public bool Cough { get; init; }

    /// <summary>Khó thở.</summary>
    public bool ShortnessOfBreath { get; init; }

    /// <summary>Đau họng.</summary>
    public bool SoreThroat { get; init; }

    /// <summary>Mất vị giác hoặc khứu giác.</summary>
    public bool LossOfTasteOrSmell { get; init; }

    /// <summary>Mệt mỏi.</summary>
    public bool Fatigue { get; init; }

    /// <summary>Another symptom in the person's words; empty for none.</summary>
    public string OtherSymptom { get; init; } = "";

    /// <summary>Tiếp xúc với ca bệnh (người đã xác định mắc COVID-19).</summary>
    public bool ContactWithConfirmedCase { get; init; }

    /// <summary>Tiếp xúc với người nghi nhiễm.</summary>
    public bool ContactWithSuspectedCase { get; init; }

    /// <summary>Tiếp xúc với người từ vùng có dịch.</summary>
    public bool ContactWithTravellerFromOutbreakArea { get; init; }

    /// <summary>Đến vùng có dịch.</summary>
    public bool VisitedOutbreakArea { get; init; }

    /// <summary>Where the person travelled in the last 14 days; empty (or "không") for nowhere.</summary>
    public string TravelHistory { get; init; } = "";
}
