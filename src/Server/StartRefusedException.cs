namespace Tracing.Server;

/// <summary>
/// The server refused to start: a setting is wrong (the checks of <see cref="SettingsCheck"/>, the API keys, the SMS
/// sender, the telemetry addresses), and the message says what to set.
/// </summary>
public sealed class StartRefusedException(InvalidOperationException refusal) : Exception(refusal.Message, refusal);
