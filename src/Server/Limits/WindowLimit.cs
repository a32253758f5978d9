namespace Tracing.Server.Limits;

/// <summary>At most <see cref="PermitLimit"/> calls in each <see cref="Window"/>; a limit of 0 is no limit.</summary>
public sealed class WindowLimit
{
    /// <summary>For configuration binding.</summary>
    public WindowLimit()
    {
    }

    /// <summary>A limit of <paramref name="permitLimit"/> calls per <paramref name="window"/>.</summary>
    public WindowLimit(int permitLimit, TimeSpan window) => (PermitLimit, Window) = (permitLimit, window);

    /// <summary>Calls allowed in one window; 0 turns this limit off.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window, e.g. <c>01:00:00</c> or <c>1.00:00:00</c>; windows start at whole multiples of it since 1970 (UTC).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}
