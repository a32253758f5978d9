namespace Tracing.Matching;

/// <summary>
/// Vietnam's time (UTC+7, no daylight saving): the calendar day of reports, daily limits and daily self-assessments,
/// so that "today" means the same to a district office, a citizen and the server.
/// </summary>
public static class VietnamTime
{
    /// <summary>UTC+7.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The calendar day in Vietnam at <paramref name="instant"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The first second of <paramref name="day"/> in Vietnam, in unix seconds.</summary>
    public static long StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUnixTimeSeconds();

    /// <summary>A number for the Vietnam day holding <paramref name="unixSeconds"/> (days since 1970-01-01 there), for keys.</summary>
    public static long DayNumberOf(long unixSeconds)
    {
        var local = unixSeconds + (long)Offset.TotalSeconds;
        return Math.DivRem(local, 86_400, out var remainder) - (remainder < 0 ? 1 : 0);
    }
}
