namespace Tracing.Cli.Simulation;

/// <summary>
/// Bluetooth signal between two phones indoors: log-distance path loss (<see cref="ReferenceLoss"/> at 1 m,
/// exponent <see cref="PathLossExponent"/>), log-normal shadowing (Gaussian noise in dB, <see cref="ShadowingSigma"/>)
/// and the loss of the bodies or bags the phones are carried in. Attenuation = transmit power − RSSI.
/// </summary>
internal static class RssiModel
{
    /// <summary>Path loss at 1 m, dB.</summary>
    public const double ReferenceLoss = 50;

    /// <summary>Path-loss exponent indoors (2 in free space; more with furniture and people in the way).</summary>
    public const double PathLossExponent = 2.5;

    /// <summary>Standard deviation of shadowing and multipath fading, dB.</summary>
    public const double ShadowingSigma = 4;

    /// <summary>The weakest attenuation a phone still hears (receiver sensitivity), dB.</summary>
    public const int HearingLimit = 85;

    /// <summary>Closest distance the model distinguishes, metres (phones are never closer than a few decimetres).</summary>
    public const double MinimumDistance = 0.3;

    /// <summary>The mean path loss at <paramref name="distance"/> metres, without noise or carry loss: the true attenuation.</summary>
    public static double PathLoss(double distance) =>
        ReferenceLoss + 10 * PathLossExponent * Math.Log10(Math.Max(distance, MinimumDistance));

    /// <summary>
    /// One measured attenuation, dB: path loss at <paramref name="distance"/>, plus what the listener's and the
    /// broadcaster's carrying cost, plus shadowing noise.
    /// </summary>
    public static int MeasuredAttenuation(double distance, int listenerCarryLoss, int broadcasterCarryLoss, Random random) =>
        (int)Math.Round(PathLoss(distance) + listenerCarryLoss + broadcasterCarryLoss + CityBuilder.Gaussian(random) * ShadowingSigma);

    /// <summary>The RSSI a listener reports for a broadcaster with <paramref name="txPower"/> at <paramref name="attenuation"/>.</summary>
    public static int Rssi(int txPower, int attenuation) => Math.Clamp(txPower - attenuation, -127, 20);
}
