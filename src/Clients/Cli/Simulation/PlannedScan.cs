namespace Tracing.Cli.Simulation;

/// <summary>A QR scan a phone makes at a venue's door, stamped by the phone's own (skewed) clock.</summary>
/// <param name="Person">Who scanned.</param>
/// <param name="Venue">The venue index.</param>
/// <param name="In">True on the way in, false on the way out.</param>
/// <param name="At">The phone's time of the scan, unix seconds.</param>
internal readonly record struct PlannedScan(int Person, int Venue, bool In, long At);
