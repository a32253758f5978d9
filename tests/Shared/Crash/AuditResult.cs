namespace Tracing.Crash;

/// <summary>
/// What a restarted server holds of the writes acknowledged before the kills. Lost: acknowledged but not there.
/// Duplicated: there more than once. Torn: part of a batch. Unknown: there but never sent.
/// </summary>
internal sealed record AuditResult
{
    /// <summary>Acknowledged contact batches checked (each found exactly once is right).</summary>
    public int BatchesChecked { get; init; }

    public int LostBatches { get; init; }

    public int DuplicatedBatches { get; init; }

    /// <summary>Observers whose stored minutes are not a whole number of batches.</summary>
    public int TornBatches { get; init; }

    /// <summary>Acknowledged scans checked in the venues' scan history.</summary>
    public int ScansChecked { get; init; }

    public int LostScans { get; init; }

    public int DuplicatedScans { get; init; }

    public int UnknownScans { get; init; }

    /// <summary>Visits checked: every acknowledged in-scan whose out-scan was acknowledged too.</summary>
    public int VisitsChecked { get; init; }

    public int LostVisits { get; init; }

    public int DuplicatedVisits { get; init; }

    /// <summary>Acknowledged manual door entries checked in the door's history (each with the visitor it created).</summary>
    public int ManualEntriesChecked { get; init; }

    public int LostManualEntries { get; init; }

    public int DuplicatedManualEntries { get; init; }

    /// <summary>Acknowledged declarations checked (each declarant's latest must be their last acknowledged one).</summary>
    public int DeclarationsChecked { get; init; }

    /// <summary>Declarants whose latest declaration is older than their last acknowledged one, or missing.</summary>
    public int LostDeclarations { get; init; }

    /// <summary>From the process start until a read returned the newest acknowledged scan.</summary>
    public TimeSpan StartToFirstRead { get; init; }

    /// <summary>From the process start until the case's keys had matched every stored batch.</summary>
    public TimeSpan StartToCaseMatch { get; init; }

    /// <summary>The first few discrepancies, described.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Nothing lost, doubled, torn or made up.</summary>
    public bool Intact => Lost + Duplicated + TornBatches + UnknownScans == 0;

    /// <summary>All acknowledged writes that were lost.</summary>
    public int Lost => LostBatches + LostScans + LostVisits + LostManualEntries + LostDeclarations;

    /// <summary>All writes stored more than once.</summary>
    public int Duplicated => DuplicatedBatches + DuplicatedScans + DuplicatedVisits + DuplicatedManualEntries;

    public override string ToString()
        => $"batches {BatchesChecked} checked: {LostBatches} lost, {DuplicatedBatches} doubled, {TornBatches} torn; "
            + $"scans {ScansChecked}: {LostScans} lost, {DuplicatedScans} doubled, {UnknownScans} unknown; "
            + $"visits {VisitsChecked}: {LostVisits} lost, {DuplicatedVisits} doubled; "
            + $"manual entries {ManualEntriesChecked}: {LostManualEntries} lost, {DuplicatedManualEntries} doubled; declarations {DeclarationsChecked}: {LostDeclarations} lost; "
            + $"first read {StartToFirstRead.TotalSeconds:F2} s, case match {StartToCaseMatch.TotalSeconds:F2} s after the process started";
}
