using System.Runtime.InteropServices;
using Tracing.Matching.Model;

namespace Tracing.Matching.Storage.Observations;

/// <summary>A sighting as written to the write-ahead log: the whole identifier and the observation (32 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly struct LoggedSighting(Guid rpi, Observation observation)
{
    /// <summary>Size of one logged sighting.</summary>
    public const int Size = 32;

    /// <summary>The 16-byte identifier (as raw bytes).</summary>
    public readonly Guid Rpi = rpi;

    /// <summary>What was seen.</summary>
    public readonly Observation Observation = observation;

    /// <summary>A logged sighting of <paramref name="rpi"/>.</summary>
    public static LoggedSighting Of(ReadOnlySpan<byte> rpi, in Observation observation) => new(new Guid(rpi), observation);

    /// <summary>Writes the identifier's 16 bytes.</summary>
    public void CopyRpiTo(Span<byte> destination) => Rpi.TryWriteBytes(destination);
}
