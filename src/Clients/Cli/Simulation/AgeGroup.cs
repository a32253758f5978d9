namespace Tracing.Cli.Simulation;

/// <summary>Stages of life that decide a day's routine and whether a person carries a smartphone.</summary>
internal enum AgeGroup
{
    /// <summary>0–11: goes to school, no phone.</summary>
    Child,

    /// <summary>12–17: goes to school, often has a phone.</summary>
    Teen,

    /// <summary>18–64: usually works.</summary>
    Adult,

    /// <summary>65 and over: at home and at the market, often without a smartphone.</summary>
    Elderly,
}
