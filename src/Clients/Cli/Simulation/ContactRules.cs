namespace Tracing.Cli.Simulation;

/// <summary>
/// The exposure rules of the SPEC (§2 "Cases and tiers") with their default numbers, as the simulator's own reference:
/// venue overlap with a linger after the case left; per observer and UTC day, minutes weighted by attenuation
/// (≤ 55 dB: 1.0, ≤ 63: 1.0, ≤ 73: 0.5, above: 0); 15 weighted minutes make an F1.
/// </summary>
internal static class ContactRules
{
    /// <summary>How long after the case left a venue arrivals are still exposed.</summary>
    public const long LingerSeconds = 30 * 60;

    /// <summary>Weighted minutes per observer and day that make an F1.</summary>
    public const double MinimumWeightedMinutes = 15;

    /// <summary>The infectious window opens this long before symptom onset.</summary>
    public static readonly TimeSpan InfectiousLead = TimeSpan.FromDays(2);

    /// <summary>The weight of a minute heard at <paramref name="attenuation"/> dB.</summary>
    public static double WeightOf(double attenuation) => attenuation switch
    {
        <= 55 => 1.0,
        <= 63 => 1.0,
        <= 73 => 0.5,
        _ => 0,
    };
}
