namespace Tracing.Cli.Rpc;

/// <summary>
/// Input the CLI refuses before calling the server (exit code 2), said in Vietnamese (shown by default) and in English
/// (<c>--lang en</c>, and <see cref="Exception.Message"/>). It names the CLI option, never a contract field.
/// </summary>
internal sealed class UsageException(string vietnamese, string english) : Exception(english)
{
    /// <summary>A refusal written in English only (kept for callers not yet translated; prefer both sentences).</summary>
    public UsageException(string english)
        : this(english, english)
    {
    }

    /// <summary>The refusal in Vietnamese.</summary>
    public string Vietnamese { get; } = vietnamese;

    /// <summary>The sentence in the language asked for.</summary>
    public string In(bool english) => english ? Message : Vietnamese;
}
