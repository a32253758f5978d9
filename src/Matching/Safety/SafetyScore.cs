namespace Tracing.Matching.Safety;

/// <summary>
/// A self-assessment scored: the weights of the items in place add up to the score (0–100); 80 or more is
/// <see cref="SafetyStatus.Safe"/> unless a critical item is missing, 50 or more <see cref="SafetyStatus.AtRisk"/>,
/// less <see cref="SafetyStatus.Unsafe"/> (the facility must suspend).
/// </summary>
public sealed record SafetyScore(int Score, SafetyStatus Status, IReadOnlyList<string> Missing)
{
    /// <summary>The lowest score rated safe.</summary>
    public const int SafeFrom = 80;

    /// <summary>The lowest score a facility may keep operating with.</summary>
    public const int AtRiskFrom = 50;

    /// <summary>Scores answers that name every item of <paramref name="checklist"/> once (checked by the caller).</summary>
    public static SafetyScore Of(IReadOnlyList<ChecklistItem> checklist, IReadOnlyDictionary<string, bool> inPlace)
    {
        var score = checklist.Where(item => inPlace[item.Key]).Sum(item => item.Weight);
        var missing = checklist.Where(item => !inPlace[item.Key]).ToList();
        var status = score < AtRiskFrom ? SafetyStatus.Unsafe
            : score >= SafeFrom && !missing.Any(item => item.Critical) ? SafetyStatus.Safe
            : SafetyStatus.AtRisk;
        return new SafetyScore(score, status, missing.Select(item => item.Key).ToList());
    }
}
