namespace Tracing.Matching.Safety;

/// <summary>A facility's standing on the safety map.</summary>
public enum SafetyStatus
{
    /// <summary>Never assessed.</summary>
    Unassessed = 0,

    /// <summary>Scored 80 or more with every critical item in place.</summary>
    Safe = 1,

    /// <summary>Scored 50 to 79, or 80 or more with a critical item missing.</summary>
    AtRisk = 2,

    /// <summary>Scored under 50: the facility must suspend operation.</summary>
    Unsafe = 3,

    /// <summary>The last assessment is older than a day.</summary>
    Stale = 4,
}
