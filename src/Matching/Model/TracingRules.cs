namespace Tracing.Matching.Model;

/// <summary>The configurable numbers of SPEC §2 (defaults as specified).</summary>
public sealed record TracingRules
{
    /// <summary>A visit with no out-scan closes after this long.</summary>
    public TimeSpan DefaultDwell { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>An out-scan later than this after the in-scan is not paired (a forgotten check-out).</summary>
    public TimeSpan LongestVisit { get; init; } = TimeSpan.FromHours(12);

    /// <summary>Time after the case left a venue during which arrivals are still exposed.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The infectious window opens this long before symptom onset (or the test date).</summary>
    public TimeSpan InfectiousLead { get; init; } = TimeSpan.FromDays(2);

    /// <summary>An observation counts if its time lies within the identifier's interval widened by this much.</summary>
    public TimeSpan IdentifierTolerance { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Attenuation buckets (upper bounds, dB) and their weights; above the last, weight 0.</summary>
    public IReadOnlyList<AttenuationWeight> AttenuationWeights { get; init; } =
    [
        new(55, 1.0),
        new(63, 1.0),
        new(73, 0.5),
    ];

    /// <summary>Weighted minutes per observer and day that make an F1.</summary>
    public double MinimumWeightedMinutes { get; init; } = 15;

    /// <summary>How long a health declaration stays valid.</summary>
    public TimeSpan DeclarationValidity { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long visits and observations are kept.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(21);

    /// <summary>
    /// Scans by one person in one UTC day that a person plausibly makes (twenty venues, in and out, and some
    /// more); the scans beyond are kept but flagged, since a personal code shared online scans everywhere.
    /// </summary>
    public int DailyScanCap { get; init; } = 60;

    /// <summary>Weight of an attenuation in dB.</summary>
    public double WeightOf(int attenuation)
    {
        // Indexed, not foreach: this runs for every matched sighting and an interface enumerator would allocate.
        var weights = AttenuationWeights;
        for (var i = 0; i < weights.Count; i++)
        {
            if (attenuation <= weights[i].UpToDecibels)
                return weights[i].Weight;
        }
        return 0;
    }
}

/// <summary>A weight for attenuations up to a bound.</summary>
public readonly record struct AttenuationWeight(int UpToDecibels, double Weight);
