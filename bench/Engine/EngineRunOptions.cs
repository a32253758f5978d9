using System.Globalization;

namespace Tracing.Bench.Engine;

/// <summary>Command-line options of <c>engine</c> and <c>engine-recover</c>.</summary>
internal sealed record EngineRunOptions
{
    public long Observations { get; init; } = 2_000_000;
    public int Visits { get; init; } = 200_000;
    public int Cases { get; init; } = 200;
    public int Seed { get; init; } = 20210815;
    public long BaselineMax { get; init; } = 20_000_000;
    public int Threads { get; init; } = 2;
    public string? Data { get; init; }
    public string? Output { get; init; }
    public bool KeepData { get; init; }

    public string DataDirectory => Data ?? Path.Combine(Path.GetTempPath(), "tracing-bench", $"engine-{Observations}");

    /// <summary>The options as arguments again (for the recovery child).</summary>
    public string[] ToArguments() =>
    [
        "--observations", Observations.ToString(CultureInfo.InvariantCulture),
        "--visits", Visits.ToString(CultureInfo.InvariantCulture),
        "--cases", Cases.ToString(CultureInfo.InvariantCulture),
        "--seed", Seed.ToString(CultureInfo.InvariantCulture),
        "--baseline-max", BaselineMax.ToString(CultureInfo.InvariantCulture),
        "--data", DataDirectory,
    ];

    public static EngineRunOptions Parse(string[] args)
    {
        var options = new EngineRunOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--observations" => options with { Observations = ParseCount(Value()) },
                "--visits" => options with { Visits = checked((int)ParseCount(Value())) },
                "--cases" => options with { Cases = checked((int)ParseCount(Value())) },
                "--seed" => options with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--baseline-max" => options with { BaselineMax = ParseCount(Value()) },
                "--threads" => options with { Threads = checked((int)ParseCount(Value())) },
                "--data" => options with { Data = Value() },
                "--out" => options with { Output = Value() },
                "--keep-data" => options with { KeepData = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --observations N --visits M [--cases K] [--seed S] [--baseline-max B] [--threads T] [--data DIR] [--out FILE] [--keep-data]"),
            };
        }
        if (options.Observations < SyntheticData.BatchSize || options.Visits < 0 || options.Cases < 1)
            throw new ArgumentException("Need at least 1,000 observations and 1 case.");
        return options;
    }

    /// <summary>Accepts 2000000, 2_000_000, 2M or 20k.</summary>
    private static long ParseCount(string text)
    {
        text = text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        var multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1_000L, 'M' => 1_000_000L, 'G' => 1_000_000_000L, _ => 1L };
        if (multiplier != 1)
            text = text[..^1];
        return checked(long.Parse(text, CultureInfo.InvariantCulture) * multiplier);
    }
}
