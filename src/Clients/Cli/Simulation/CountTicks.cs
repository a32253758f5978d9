using System.Globalization;

namespace Tracing.Cli.Simulation;

/// <summary>
/// Ticks for an axis of counts (people, alerts): whole numbers only, a step of 1, 2 or 5 times a power of ten, from
/// zero to at least the largest count, labelled as Vietnamese write numbers (<c>1.000</c>).
/// </summary>
internal static class CountTicks
{
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>The tick positions and labels for counts up to <paramref name="largest"/>, about <paramref name="count"/> of them.</summary>
    public static (double[] Positions, string[] Labels) For(double largest, int count = 6)
    {
        var step = Step(Math.Max(1, largest) / Math.Max(1, count - 1));
        var positions = new List<double>();
        for (long tick = 0; positions.Count < 2 || positions[^1] < largest; tick += step)
            positions.Add(tick);
        return ([.. positions], [.. positions.Select(p => ((long)p).ToString("N0", Vietnamese))]);
    }

    private static long Step(double atLeast)
    {
        long power = 1;
        while (true)
        {
            foreach (var factor in new long[] { 1, 2, 5 })
            {
                if (factor * power >= atLeast)
                    return factor * power;
            }
            power *= 10;
        }
    }
}
