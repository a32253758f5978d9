using System.CommandLine;

namespace Tracing.Cli;

/// <summary><c>tracing keys ...</c>: GAEN key tools.</summary>
internal static class KeysCommand
{
    public static Command Create() => new("keys", "Exposure-key tools (GAEN v1.2 derivation).");
}
