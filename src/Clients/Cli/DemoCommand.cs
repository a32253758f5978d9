using System.CommandLine;

namespace Tracing.Cli;

/// <summary><c>tracing demo</c>: a small scripted city against a running server.</summary>
internal static class DemoCommand
{
    public static Command Create() => new("demo", "Run a small scripted city against a running server.");
}
