using System.Security.Cryptography;
using System.Text;
using Tracing.V1;

namespace Tracing.Cli.Simulation;

/// <summary>A finished run judged against its ground truth: scores per tier, daily series, and a fingerprint of the truth.</summary>
internal sealed record SimulationOutcome(
    SimulatedCity Simulated,
    ServerRun Run,
    GroundTruth Truth,
    TierScore F1,
    TierScore F2,
    DailySeries Daily,
    int ExposuresOutside,
    string TruthFingerprint,
    int ReplayProximityF1,
    int ServerProximityF1,
    int ProximityF1Agreeing,
    int F1AlertedAsF2)
{
    /// <summary>Compares what the server reported in <paramref name="run"/> with the truth of <paramref name="simulated"/>.</summary>
    public static SimulationOutcome Evaluate(SimulatedCity simulated, ServerRun run)
    {
        var end = simulated.Options.End.ToUnixTimeSeconds();
        var start = simulated.Options.Start.ToUnixTimeSeconds();
        var truth = GroundTruth.Compute(simulated.Cases, simulated.Visits, simulated.Contributions, end);

        var people = new Dictionary<string, int>();
        for (var i = 0; i < run.UserIds.Length; i++)
        {
            if (run.UserIds[i] is { } userId)
                people[userId] = i;
        }

        var foundF1 = new Dictionary<int, ContactKinds>();
        var foundF2 = new Dictionary<int, ContactKinds>();
        var outside = 0;
        var daily = DailySeries.Empty(simulated.Options.Days);
        foreach (var exposure in run.Exposures)
        {
            if (!people.TryGetValue(exposure.UserId, out var person))
            {
                outside++;
                continue;
            }

            var at = exposure.Start?.ToDateTimeOffset().ToUnixTimeSeconds() ?? start;
            var kind = exposure.Kind == ExposureKind.Venue ? ContactKinds.Venue : ContactKinds.Proximity;
            if (exposure.Tier == Tier.F1)
            {
                foundF1[person] = foundF1.GetValueOrDefault(person) | kind;
                DailySeries.Count(daily.F1Alerts, start, at);
            }
            else
            {
                foundF2[person] = foundF2.GetValueOrDefault(person) | kind;
                DailySeries.Count(daily.F2Alerts, start, at);
            }
        }

        foreach (var person in foundF1.Keys)
            foundF2.Remove(person);
        foreach (var (_, at) in simulated.Outbreak.Infections)
        {
            if (at >= start)
                DailySeries.Count(daily.Infections, start, at);
        }

        foreach (var reported in simulated.Cases)
            DailySeries.Count(daily.CasesReported, start, reported.ReportedAt);

        // Exactly what the uploads imply, against what the server found by proximity from the confirmed cases.
        var replay = UploadReplay.ProximityF1(simulated);
        var confirmed = run.ConfirmedExposures.Where(e => e.Tier == Tier.F1 && e.Kind == ExposureKind.Proximity && people.ContainsKey(e.UserId))
            .Select(e => people[e.UserId]).ToHashSet();

        bool HasApp(int person) => simulated.City.People[person].HasApp;
        return new SimulationOutcome(
            simulated,
            run,
            truth,
            TierScore.Of(truth.F1, foundF1, HasApp),
            TierScore.Of(truth.F2, foundF2, HasApp),
            daily,
            outside,
            Fingerprint(simulated, truth),
            replay.Count,
            confirmed.Count,
            replay.Intersect(confirmed).Count(),
            foundF2.Keys.Count(truth.F1.ContainsKey));
    }

    /// <summary>A short hash of the truth (infections, cases, F1 and F2 by person index): equal for equal seeds and options.</summary>
    public static string Fingerprint(SimulatedCity simulated, GroundTruth truth)
    {
        var text = new StringBuilder();
        foreach (var (person, at) in simulated.Outbreak.Infections)
            text.Append("i:").Append(person).Append('@').Append(at - simulated.Options.Start.ToUnixTimeSeconds()).Append(';');
        foreach (var reported in simulated.Cases)
            text.Append("c:").Append(reported.Person).Append(';');
        foreach (var person in truth.F1.Keys.Order())
            text.Append("f1:").Append(person).Append(':').Append((int)truth.F1[person]).Append(';');
        foreach (var person in truth.F2.Keys.Order())
            text.Append("f2:").Append(person).Append(':').Append((int)truth.F2[person]).Append(';');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
