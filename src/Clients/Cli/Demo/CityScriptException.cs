namespace Tracing.Cli.Demo;

/// <summary>The scripted city could not go on: a step failed, usually because the server refused a call.</summary>
internal sealed class CityScriptException : Exception
{
    /// <summary>A failure of <paramref name="step"/>, caused by <paramref name="innerException"/> if any.</summary>
    public CityScriptException(CityStep step, string message, Exception? innerException = null)
        : base(message, innerException) => Step = step;

    /// <summary>The step that failed.</summary>
    public CityStep Step { get; }
}
