namespace Tracing.Cli.Simulation;

/// <summary>
/// The physical shape of a category's rooms ("zones"): people in different zones are behind walls and do not hear
/// each other; within a zone they stand at a position, fixed for the stay or drawn anew every 10 minutes.
/// </summary>
/// <param name="Width">Zone width, metres.</param>
/// <param name="Depth">Zone depth, metres.</param>
/// <param name="ZoneCapacity">People a zone is sized for (workplaces and schools: one room per so many people).</param>
/// <param name="Moving">True when people walk about (markets, supermarkets, homes); false when they sit still.</param>
internal sealed record PlaceProfile(double Width, double Depth, int ZoneCapacity, bool Moving)
{
    /// <summary>The profile of <paramref name="category"/>.</summary>
    public static PlaceProfile Of(VenueCategory category) => category switch
    {
        VenueCategory.Home => new(10, 8, 8, Moving: true),
        VenueCategory.Workplace => new(9, 8, 8, Moving: false),
        VenueCategory.School => new(9, 8, 30, Moving: false),
        VenueCategory.Restaurant => new(12, 10, 60, Moving: false),
        VenueCategory.Cafe => new(8, 7, 40, Moving: false),
        VenueCategory.Market => new(30, 25, 400, Moving: true),
        VenueCategory.Supermarket => new(24, 20, 300, Moving: true),
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "No profile for this category."),
    };
}
