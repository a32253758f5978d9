namespace Tracing.Cli.Simulation;

/// <summary>The people, households and venues of a simulated city.</summary>
internal sealed class City
{
    /// <summary>A city of the given people (indexed as listed), households (member indexes) and venues.</summary>
    public City(IReadOnlyList<Inhabitant> people, IReadOnlyList<int[]> households, IReadOnlyList<CityVenue> venues)
    {
        People = people;
        Households = households;
        Venues = venues;
    }

    /// <summary>Everyone, by index.</summary>
    public IReadOnlyList<Inhabitant> People { get; }

    /// <summary>Each household's members.</summary>
    public IReadOnlyList<int[]> Households { get; }

    /// <summary>Every venue with a QR code, by index.</summary>
    public IReadOnlyList<CityVenue> Venues { get; }

    /// <summary>The venues of one category.</summary>
    public IEnumerable<CityVenue> VenuesOf(VenueCategory category) => Venues.Where(v => v.Category == category);
}
