namespace Tracing.Crash;

/// <summary>A crash run: how long the first (clean) start took to serve, and each round.</summary>
internal sealed record CrashRunResult(TimeSpan FirstStartToServing, IReadOnlyList<RoundResult> Rounds)
{
    /// <summary>The last round's audit: everything acknowledged during the whole run.</summary>
    public AuditResult Final => Rounds[^1].Audit;
}
