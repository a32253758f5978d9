using System.Diagnostics;

namespace Tracing.Bench;

/// <summary>This bench started again as a child process running one of its verbs (the crash run's recovery, the e2e run's upload senders).</summary>
internal static class BenchChild
{
    public static Process Start(string verb, IEnumerable<string> arguments, bool redirectInput = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (file, prefix) = Environment.ProcessPath is { } path && !Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase)
            ? (path, Array.Empty<string>())
            : ("dotnet", [typeof(BenchChild).Assembly.Location]);
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardInput = redirectInput, UseShellExecute = false };
        foreach (var argument in prefix.Append(verb).Concat(arguments))
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return Process.Start(start) ?? throw new InvalidOperationException($"Could not start the bench's {verb} child.");
    }
}
