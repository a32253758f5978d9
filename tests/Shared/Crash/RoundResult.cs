namespace Tracing.Crash;

/// <summary>One round of a crash run: the load until the kill, the restart, and the audit of everything acknowledged so far.</summary>
/// <param name="KillAfterBatches">The drawn kill point: acknowledged batches…</param>
/// <param name="KillAfterTime">… and time of ingestion.</param>
/// <param name="IngestedFor">How long the load ran before the kill.</param>
/// <param name="AcknowledgedBatches">Batches this server acknowledged.</param>
/// <param name="AcknowledgedScans">Scans this server acknowledged.</param>
/// <param name="Pushbacks">Uploads this server asked to retry later (its backlog was full).</param>
/// <param name="Failures">Calls that failed while the server was alive.</param>
/// <param name="StartToHostStarted">From the restarted process's start until its host printed "Application started".</param>
/// <param name="StartToServing">From the restarted process's start until the health check answered SERVING.</param>
/// <param name="Recovery">The restarted server's account of where its start went (recovering each store).</param>
/// <param name="Audit">What the restarted server holds of every write acknowledged since the run began.</param>
internal sealed record RoundResult(
    int Round,
    int KillAfterBatches,
    TimeSpan KillAfterTime,
    TimeSpan IngestedFor,
    int AcknowledgedBatches,
    int AcknowledgedScans,
    int Pushbacks,
    IReadOnlyList<string> Failures,
    TimeSpan StartToHostStarted,
    TimeSpan StartToServing,
    string Recovery,
    AuditResult Audit)
{
    public override string ToString()
        => $"round {Round}: killed after {IngestedFor.TotalSeconds:F2} s of ingestion (drawn: ≥ {KillAfterBatches} batches, ≥ {KillAfterTime.TotalMilliseconds:0} ms), "
            + $"{AcknowledgedBatches} batches and {AcknowledgedScans} scans acknowledged, {Pushbacks} pushbacks, {Failures.Count} failures; "
            + $"restart: host started {StartToHostStarted.TotalSeconds:F2} s, serving {StartToServing.TotalSeconds:F2} s (stores opened in {Recovery}); {Audit}";
}
