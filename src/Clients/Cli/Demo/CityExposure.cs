using Tracing.V1;

namespace Tracing.Cli.Demo;

/// <summary>One person of the script classified as exposed: who, at which tier, and how.</summary>
/// <param name="Person">The script's name for the person (An, Bình, …), or the user id of someone outside the script.</param>
/// <param name="Tier">F1 or F2.</param>
/// <param name="Kind">Venue or proximity.</param>
internal readonly record struct CityExposure(string Person, Tier Tier, ExposureKind Kind) : IComparable<CityExposure>
{
    /// <summary>Orders by tier, then person, then kind, as the tables print them.</summary>
    public int CompareTo(CityExposure other)
    {
        int byTier = Tier.CompareTo(other.Tier);
        if (byTier != 0)
        {
            return byTier;
        }

        int byPerson = string.CompareOrdinal(Person, other.Person);
        return byPerson != 0 ? byPerson : Kind.CompareTo(other.Kind);
    }

    /// <summary>In words, e.g. "Bình F1 venue".</summary>
    public override string ToString() => $"{Person} {CityText.Tier(Tier)} {CityText.Kind(Kind)}";
}
