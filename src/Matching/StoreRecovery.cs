namespace Tracing.Matching;

/// <summary>Where the time of opening the engine went: a restart after a crash is mostly these steps.</summary>
/// <param name="Total">From the start of the open until the engine could serve.</param>
/// <param name="GeneralStore">Recovering the general store (people, venues, cases, feeds).</param>
/// <param name="ObservationDays">Recovering the observation day stores from their checkpoints.</param>
/// <param name="ObservationLogReplayedBytes">Observation log written since those checkpoints, applied again.</param>
/// <param name="ObservationReplay">Applying that log again.</param>
/// <param name="Scans">Recovering the scan day stores and replaying their log (side by side with the observations).</param>
public sealed record StoreRecovery(TimeSpan Total, TimeSpan GeneralStore, TimeSpan ObservationDays, long ObservationLogReplayedBytes, TimeSpan ObservationReplay, TimeSpan Scans)
{
    public override string ToString()
        => $"{Total.TotalSeconds:F2} s: general store {GeneralStore.TotalSeconds:F2} s, observation days {ObservationDays.TotalSeconds:F2} s, "
            + $"{ObservationLogReplayedBytes / (double)(1 << 20):F0} MB of observation log replayed in {ObservationReplay.TotalSeconds:F2} s, scans {Scans.TotalSeconds:F2} s";
}
