namespace Tracing.Cli.Simulation;

/// <summary>
/// How well the server found one tier: against the truth, how many it found, how many of those were right
/// (precision) and how many of the truth it found (recall) — overall, among people with the app (the only ones it
/// can find), and per kind of contact.
/// </summary>
internal sealed record TierScore(
    int Truth,
    int Found,
    int Correct,
    int TruthWithApp,
    int CorrectWithApp,
    int TruthByVenue,
    int CorrectByVenue,
    int TruthByProximity,
    int CorrectByProximity)
{
    /// <summary>Correct / found; null when nothing was found.</summary>
    public double? Precision => Ratio(Correct, Found);

    /// <summary>Correct / truth; null when there was nothing to find.</summary>
    public double? Recall => Ratio(Correct, Truth);

    /// <summary>Recall among people with the app.</summary>
    public double? RecallWithApp => Ratio(CorrectWithApp, TruthWithApp);

    /// <summary>Recall among people truly exposed at a venue.</summary>
    public double? RecallByVenue => Ratio(CorrectByVenue, TruthByVenue);

    /// <summary>Recall among people truly exposed by proximity.</summary>
    public double? RecallByProximity => Ratio(CorrectByProximity, TruthByProximity);

    /// <summary>Scores <paramref name="found"/> against <paramref name="truth"/> (both: person → kinds).</summary>
    public static TierScore Of(IReadOnlyDictionary<int, ContactKinds> truth, IReadOnlyCollection<int> found, Func<int, bool> hasApp)
    {
        var foundSet = found as IReadOnlySet<int> ?? found.ToHashSet();
        int Count(Func<int, bool> which, bool onlyFound) => truth.Keys.Count(p => which(p) && (!onlyFound || foundSet.Contains(p)));
        bool Kind(int p, ContactKinds kind) => (truth[p] & kind) != 0;
        return new TierScore(
            truth.Count,
            foundSet.Count,
            Count(_ => true, onlyFound: true),
            Count(hasApp, onlyFound: false),
            Count(hasApp, onlyFound: true),
            Count(p => Kind(p, ContactKinds.Venue), onlyFound: false),
            Count(p => Kind(p, ContactKinds.Venue), onlyFound: true),
            Count(p => Kind(p, ContactKinds.Proximity), onlyFound: false),
            Count(p => Kind(p, ContactKinds.Proximity), onlyFound: true));
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
