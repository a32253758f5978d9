namespace Tracing.Cli.Simulation;

/// <summary>
/// What one phone heard of another in one 10-minute identifier interval, in true time (the listener's clock skew is
/// applied when it is uploaded).
/// </summary>
/// <param name="Listener">The hearing person's index.</param>
/// <param name="Broadcaster">The heard person's index.</param>
/// <param name="Start">When it was first heard, unix seconds.</param>
/// <param name="Seconds">How long it was heard within the interval.</param>
/// <param name="Attenuation">Measured attenuation, dB (transmit power − RSSI).</param>
internal readonly record struct Sighting(int Listener, int Broadcaster, long Start, int Seconds, int Attenuation);
