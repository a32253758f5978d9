namespace Tracing.Matching;

/// <summary>Where the time of opening the engine went: a restart after a crash is mostly these steps.</summary>
/// <param name="Total">From the start of the open until the engine could serve.</param>
/// <param name="GeneralStore">Recovering the general store (people, venues, cases, feeds).</param>
/// <param name="ObservationDays">Recovering the observation day stores from their checkpoints.</param>
/// <param name="ObservationLogToReplay">
/// Observation log written after those checkpoints: applied again in the background while the engine serves
/// (lookups read it from the log meanwhile); see <see cref="TracingEngine.ObservationReplay"/>.
/// </param>
/// <param name="Scans">Recovering the scan day stores and replaying their log (side by side with the observations).</param>
public sealed record StoreRecovery(TimeSpan Total, TimeSpan GeneralStore, TimeSpan ObservationDays, long ObservationLogToReplay, TimeSpan Scans)
{
    public override string ToString()
        => $"{Total.TotalSeconds:F2} s: general store {GeneralStore.TotalSeconds:F2} s, observation days {ObservationDays.TotalSeconds:F2} s "
            + $"({ObservationLogToReplay / (double)(1 << 20):F0} MB of observation log to apply again while serving), scans {Scans.TotalSeconds:F2} s";
}
