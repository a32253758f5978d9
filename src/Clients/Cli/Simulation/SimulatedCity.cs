namespace Tracing.Cli.Simulation;

/// <summary>Everything a simulation produced: the city, what truly happened, and what the phones recorded.</summary>
/// <param name="Options">The options it ran with.</param>
/// <param name="City">People, households and venues.</param>
/// <param name="Outbreak">Who was infected when.</param>
/// <param name="Visits">True venue visits of everyone, phones or not.</param>
/// <param name="Scans">The QR scans the phones made.</param>
/// <param name="Sightings">What the phones heard over Bluetooth.</param>
/// <param name="Contributions">True proximity (distance and time), phones or not.</param>
/// <param name="Encounters">Pairs of people in range per 10-minute interval.</param>
/// <param name="Cases">The cases reported to the health department, in order.</param>
internal sealed record SimulatedCity(
    SimulationOptions Options,
    City City,
    Outbreak Outbreak,
    IReadOnlyList<Stay> Visits,
    IReadOnlyList<PlannedScan> Scans,
    IReadOnlyList<Sighting> Sightings,
    IReadOnlyList<ProximityContribution> Contributions,
    long Encounters,
    IReadOnlyList<ReportedCase> Cases);
