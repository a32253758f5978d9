namespace Tracing.Cli.Simulation;

/// <summary>
/// The truth behind Bluetooth: two people in the same room for <paramref name="Seconds"/> within one 10-minute interval
/// at a true distance whose mean attenuation has weight <paramref name="Weight"/> — whether or not they carry phones.
/// </summary>
/// <param name="Source">The person near whom the other stood (the broadcaster, if phones were involved).</param>
/// <param name="Exposed">The other person (the listener).</param>
/// <param name="Start">Start of the shared time, unix seconds.</param>
/// <param name="Seconds">Shared seconds.</param>
/// <param name="Weight">Attenuation weight of the true distance (SPEC §2).</param>
internal readonly record struct ProximityContribution(int Source, int Exposed, long Start, int Seconds, double Weight);
