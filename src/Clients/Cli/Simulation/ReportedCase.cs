namespace Tracing.Cli.Simulation;

/// <summary>A case (F0) the health department reports: when, with which symptom onset, infectious since when (unix seconds).</summary>
/// <param name="Person">The case's index.</param>
/// <param name="ReportedAt">The simulated time of the positive test and report.</param>
/// <param name="OnsetAt">Symptom onset.</param>
/// <param name="InfectiousFrom">Start of the infectious window per the SPEC (two days before onset).</param>
internal readonly record struct ReportedCase(int Person, long ReportedAt, long OnsetAt, long InfectiousFrom);
