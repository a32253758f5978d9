using Tracing.Matching.Ledger;
using Tracing.Matching.Registry;
using Tracing.Matching.Tracing;

namespace Tracing.Matching.Tests.Tracing;

/// <summary>
/// A match sees every acknowledged sighting at once, even those the applier has not put in their day stores yet
/// (read from the log's tail), and counts each sighting once — before, during and after the applier reaches it.
/// </summary>
public sealed class UnappliedSightingsTests
{
    private static readonly DateTimeOffset Onset = EngineTown.Noon.AddDays(-1);

    private static DateTimeOffset At(int hour, int minute) => new(2021, 8, 10, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_contact_is_found_before_the_applier_reaches_its_sightings_and_counted_once_after()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (patient, near, applied) = (town.NewPerson(), town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(3));
        var (first, second) = (EngineTown.Rpi(tek, EngineTown.IntervalOf(At(8, 0))), EngineTown.Rpi(tek, EngineTown.IntervalOf(At(8, 10))));
        var keys = new[] { EngineTown.DailyKey(tek, At(0, 0)) };
        // Applied before the pause: 10 minutes in the day store, 10 more in the log's tail below.
        town.Sight(applied, (first, At(8, 0), 600, 50));
        town.Engine.Contacts.CatchUp();

        List<Contact> whilePaused;
        using (town.Engine.Contacts.PauseApplying())
        {
            town.Sight(applied, (second, At(8, 10), 600, 50));
            town.Sight(near, (first, At(8, 0), 600, 50), (second, At(8, 10), 600, 50));
            // A phone retrying the same batch while it is still unapplied: one batch, counted once.
            Retry(town, near, "near-retry", (second, At(8, 20), 300, 50));
            Retry(town, near, "near-retry", (second, At(8, 20), 300, 50));
            await town.Engine.WhenDurableAsync(WrittenStores.Observations);
            whilePaused = Trace(town, patient, keys);
        }
        town.Engine.Contacts.CatchUp();
        var afterwards = Trace(town, patient, keys);

        foreach (var contacts in new[] { whilePaused, afterwards })
        {
            Assert.Equal(25, Assert.Single(contacts, c => c.Person == near.Number).WeightedMinutes);
            Assert.Equal(20, Assert.Single(contacts, c => c.Person == applied.Number).WeightedMinutes);
        }
    }

    [Fact]
    public async Task The_case_upload_finds_unapplied_contacts_without_waiting_for_the_applier()
    {
        await using var town = new EngineTown(EngineTown.Noon);
        var (patient, near) = (town.NewPerson(), town.NewPerson());
        var tek = EngineTown.NewKey(new Random(4));
        using var paused = town.Engine.Contacts.PauseApplying();
        town.Sight(near, (EngineTown.Rpi(tek, EngineTown.IntervalOf(At(9, 0))), At(9, 0), 1200, 50));
        await town.Engine.WhenDurableAsync(WrittenStores.Observations);

        // With the applier held off, an upload that waited for it would never return.
        var upload = Task.Run(() => town.ReportAndUpload(patient, Onset, ReportKind.ConfirmedTest, EngineTown.DailyKey(tek, At(0, 0))));
        var file = await upload.WaitAsync(TimeSpan.FromSeconds(30));

        var exposure = Assert.Single(file.Exposures, e => e.UserId == near.UserId);
        Assert.Equal((ExposureTier.F1, 20.0), (exposure.Tier, exposure.WeightedMinutes));
    }

    private static void Retry(EngineTown town, Person observer, string batchId, params (byte[] Rpi, DateTimeOffset SeenAt, int DurationSeconds, int Attenuation)[] sightings)
    {
        var observations = sightings.Select(s => new ReportedObservation(s.Rpi, ReadOnlyMemory<byte>.Empty, s.SeenAt, (uint)s.DurationSeconds, -s.Attenuation, 0)).ToList();
        var outcome = town.Engine.Contacts.Ingest(observer.UserId, observer.Number, batchId, observations);
        Assert.False(outcome.Duplicate); // the first delivery is not applied yet, so the retry is logged too
    }

    private static List<Contact> Trace(EngineTown town, Person patient, DiagnosisKey[] keys)
        => new ContactTracer(town.Engine.CheckIns, town.Engine.Contacts, town.Engine.Rules)
            .ProximityContacts(patient.Number, keys, Onset.AddDays(-2).ToUnixTimeSeconds(), town.Now.ToUnixTimeSeconds(), ExposureTier.F1);
}
