namespace Tracing.Cli.Simulation;

/// <summary>One person of the simulated city: household, routine, phone, and habits at the door.</summary>
internal sealed class Inhabitant
{
    /// <summary>Position in <see cref="City.People"/>; the simulator's name for the person.</summary>
    public required int Index { get; init; }

    /// <summary>Position of the person's household in <see cref="City.Households"/>.</summary>
    public required int Household { get; init; }

    /// <summary>Stage of life.</summary>
    public required AgeGroup Age { get; init; }

    /// <summary>Carries a smartphone with the app: registers a device, scans QR codes, exchanges Bluetooth identifiers.</summary>
    public required bool HasApp { get; init; }

    /// <summary>How far the phone's clock is off, seconds (positive: ahead).</summary>
    public required int ClockSkewSeconds { get; init; }

    /// <summary>Chance of walking out of a venue without scanning out.</summary>
    public required double ForgetsCheckOut { get; init; }

    /// <summary>Chance of not scanning in at all.</summary>
    public required double SkipsCheckIn { get; init; }

    /// <summary>Files a health declaration when installing the app (the others' scans answer DECLARATION_REQUIRED, still recorded).</summary>
    public required bool Declares { get; init; }

    /// <summary>The phone's calibrated transmit power, dBm, as carried in its Bluetooth metadata.</summary>
    public required int TxPower { get; init; }

    /// <summary>The workplace or school (venue index), or -1.</summary>
    public int Workplace { get; set; } = -1;

    /// <summary>The room at the workplace or school.</summary>
    public int WorkZone { get; set; }

    /// <summary>The desk or seat in that room, metres.</summary>
    public (double X, double Y) Desk { get; set; }

    /// <summary>Preferred venues (indexes) per category, chosen once.</summary>
    public Dictionary<VenueCategory, int[]> Favourites { get; } = [];
}
