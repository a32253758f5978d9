using System.Runtime.InteropServices;

namespace Tracing.Matching.Model;

/// <summary>Which way a person passed a venue's door.</summary>
public enum ScanDirection : byte
{
    /// <summary>Entering.</summary>
    In = 1,

    /// <summary>Leaving.</summary>
    Out = 2,
}

/// <summary>How a scan was made.</summary>
public enum ScanMethod : byte
{
    /// <summary>The person's app scanned the venue code.</summary>
    Self = 1,

    /// <summary>The venue's device scanned the person's code.</summary>
    Controller = 2,

    /// <summary>Staff typed the visitor in.</summary>
    Manual = 3,
}

/// <summary>The outcome of a recorded scan.</summary>
public enum ScanOutcome : byte
{
    /// <summary>Recorded, with a valid health declaration.</summary>
    Accepted = 1,

    /// <summary>Recorded, but the person has no valid health declaration.</summary>
    DeclarationRequired = 2,
}

/// <summary>What the ledger noticed about a scan.</summary>
[Flags]
public enum ScanFlags : byte
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The person had already made <see cref="TracingRules.DailyScanCap"/> scans that day.</summary>
    OverDailyCap = 1,

    /// <summary>The declaration that counted for the scan was screened green (<see cref="Registry.HealthScreening"/>).</summary>
    ScreenedGreen = 2,

    /// <summary>The declaration that counted for the scan was screened yellow.</summary>
    ScreenedYellow = 4,

    /// <summary>The declaration that counted for the scan was screened red.</summary>
    ScreenedRed = 8,
}

/// <summary>
/// One recorded scan, stored packed (32 bytes) both in the venue's bucket for the day and in the person's
/// itinerary for the day; visits are derived from these events by <see cref="Matching.VisitPairing"/>.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
public readonly record struct ScanEvent(
    uint Person,
    uint Venue,
    long At,
    long ReceivedAt,
    uint Controller,
    ScanDirection Direction,
    ScanMethod Method,
    ScanOutcome Outcome,
    ScanFlags Flags)
{
    /// <summary>Size of one stored scan event.</summary>
    public const int Size = 32;

    /// <summary>
    /// The screening of the declaration that counted when the scan was recorded, kept in <see cref="Flags"/> (the packed
    /// layout has no other room); unscreened for scans stored before screening existed or without a declaration.
    /// </summary>
    public Registry.ScreeningColour Screening => Flags.HasFlag(ScanFlags.ScreenedRed) ? Registry.ScreeningColour.Red
        : Flags.HasFlag(ScanFlags.ScreenedYellow) ? Registry.ScreeningColour.Yellow
        : Flags.HasFlag(ScanFlags.ScreenedGreen) ? Registry.ScreeningColour.Green
        : Registry.ScreeningColour.Unscreened;

    /// <summary>The flag that keeps <paramref name="colour"/> on a scan.</summary>
    public static ScanFlags FlagOf(Registry.ScreeningColour colour) => colour switch
    {
        Registry.ScreeningColour.Green => ScanFlags.ScreenedGreen,
        Registry.ScreeningColour.Yellow => ScanFlags.ScreenedYellow,
        Registry.ScreeningColour.Red => ScanFlags.ScreenedRed,
        _ => ScanFlags.None,
    };
}
