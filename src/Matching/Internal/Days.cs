namespace Tracing.Matching.Internal;

/// <summary>UTC day numbers (unix seconds / 86,400), the unit of partitioning and retention.</summary>
internal static class Days
{
    public const long Seconds = 86_400;

    public static long Of(long unixSeconds) => Math.DivRem(unixSeconds, Seconds, out var remainder) - (remainder < 0 ? 1 : 0);
}
