namespace Tracing.Matching.Tests.Tracing;

/// <summary>A clock that stands still until a test moves it, so scans and sightings sit at fixed times before "now".</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
