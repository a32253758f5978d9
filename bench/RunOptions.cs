namespace Tracing.Bench;

/// <summary>The <c>--name value</c> options of a run's command line.</summary>
internal static class RunOptions
{
    /// <summary>The value after <paramref name="name"/>; null when the option is not given.</summary>
    public static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
