namespace Tracing.Server.Tests;

/// <summary>The server's clock, moved by the test: windows and expiries pass without sleeping.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Moves to one second into the next whole <paramref name="window"/> (windows start at multiples of it since 1970).</summary>
    public void MoveToNextWindow(TimeSpan window)
    {
        var sinceEpoch = Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        Now = DateTimeOffset.UnixEpoch.AddTicks(((sinceEpoch / window.Ticks) + 1) * window.Ticks).AddSeconds(1);
    }
}
