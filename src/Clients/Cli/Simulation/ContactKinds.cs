namespace Tracing.Cli.Simulation;

/// <summary>How someone was exposed: at a venue, by proximity, or both.</summary>
[Flags]
internal enum ContactKinds
{
    /// <summary>Not exposed.</summary>
    None = 0,

    /// <summary>Shared a venue with the source (with the linger buffer).</summary>
    Venue = 1,

    /// <summary>Stood near the source long enough (attenuation-weighted minutes).</summary>
    Proximity = 2,
}
