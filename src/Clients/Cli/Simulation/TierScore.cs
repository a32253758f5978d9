namespace Tracing.Cli.Simulation;

/// <summary>
/// How well the server found one tier: against the truth, how many it found, how many of those were right
/// (precision) and how many of the truth it found (recall) — overall, and among people with the app (the only ones
/// it can find); and per kind of contact, among people with the app truly exposed that way, how many the server
/// found through that kind of exposure.
/// </summary>
internal sealed record TierScore(
    int Truth,
    int Found,
    int Correct,
    int TruthWithApp,
    int CorrectWithApp,
    int VenueTruthWithApp,
    int VenueCorrectWithApp,
    int ProximityTruthWithApp,
    int ProximityCorrectWithApp)
{
    /// <summary>Correct / found; null when nothing was found.</summary>
    public double? Precision => Ratio(Correct, Found);

    /// <summary>Correct / truth; null when there was nothing to find.</summary>
    public double? Recall => Ratio(Correct, Truth);

    /// <summary>Recall among people with the app.</summary>
    public double? RecallWithApp => Ratio(CorrectWithApp, TruthWithApp);

    /// <summary>Among app users truly exposed at a venue, the share the server found exposed at a venue.</summary>
    public double? VenueRecallWithApp => Ratio(VenueCorrectWithApp, VenueTruthWithApp);

    /// <summary>Among app users truly exposed by proximity, the share the server found exposed by proximity.</summary>
    public double? ProximityRecallWithApp => Ratio(ProximityCorrectWithApp, ProximityTruthWithApp);

    /// <summary>Scores <paramref name="found"/> against <paramref name="truth"/> (both: person → kinds of exposure).</summary>
    public static TierScore Of(IReadOnlyDictionary<int, ContactKinds> truth, IReadOnlyDictionary<int, ContactKinds> found, Func<int, bool> hasApp)
    {
        int Count(Func<int, bool> which) => truth.Keys.Count(which);
        bool Found(int p, ContactKinds kind) => found.TryGetValue(p, out var kinds) && (kinds & kind) != 0;
        bool Truly(int p, ContactKinds kind) => (truth[p] & kind) != 0 && hasApp(p);
        return new TierScore(
            truth.Count,
            found.Count,
            Count(found.ContainsKey),
            Count(hasApp),
            Count(p => hasApp(p) && found.ContainsKey(p)),
            Count(p => Truly(p, ContactKinds.Venue)),
            Count(p => Truly(p, ContactKinds.Venue) && Found(p, ContactKinds.Venue)),
            Count(p => Truly(p, ContactKinds.Proximity)),
            Count(p => Truly(p, ContactKinds.Proximity) && Found(p, ContactKinds.Proximity)));
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
