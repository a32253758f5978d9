using System.Runtime.InteropServices;

namespace Tracing.Matching.Model;

/// <summary>
/// One sighting of a rolling proximity identifier by an observer's phone, stored packed (16 bytes) in the
/// list of sightings of that identifier, so the matcher reads them as a span.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly record struct Observation(uint Observer, uint SeenAt, ushort DurationSeconds, byte Attenuation, byte Flags, uint Metadata)
{
    /// <summary>Size of one stored observation.</summary>
    public const int Size = 16;

    /// <summary>Flag: the phone sent associated encrypted metadata.</summary>
    public const byte HasMetadata = 1;

    /// <summary>When the sighting ended, unix seconds.</summary>
    public long EndsAt => (long)SeenAt + DurationSeconds;
}
