namespace Tracing.Server;

/// <summary>
/// The server refused to start: a setting is wrong (the checks of <see cref="SettingsCheck"/>, the API keys, the SMS
/// sender, the telemetry addresses), a port it is set to listen on is in use (<see cref="ListenPorts"/>) or another
/// server holds its data folder (<see cref="DataFolderLock"/>), and the message says what to do.
/// </summary>
public sealed class StartRefusedException(InvalidOperationException refusal) : Exception(refusal.Message, refusal);
