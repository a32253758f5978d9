using System.Diagnostics;

namespace Tracing.Bench.E2e;

/// <summary>
/// CPU time this process spent (server and bench client together) per item over a phase: steadier than rates on a
/// shared machine, since time the cores spent on other programs is not counted.
/// </summary>
internal sealed class CpuMeter
{
    private readonly TimeSpan _start = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>Microseconds of CPU per item since the meter started.</summary>
    public double MicrosecondsPer(long items) => (Process.GetCurrentProcess().TotalProcessorTime - _start).TotalMicroseconds / items;
}
