namespace Tracing.Matching.Registry;

/// <summary>A declaration's screening: its colour and why, in Vietnamese (one line per reason).</summary>
public sealed record ScreeningOutcome(ScreeningColour Colour, IReadOnlyList<string> Reasons)
{
    /// <summary>What the person should do, in Vietnamese.</summary>
    public string Advice => HealthScreening.AdviceFor(Colour);
}
