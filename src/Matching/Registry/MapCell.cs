namespace Tracing.Matching.Registry;

/// <summary>
/// A cell of the venues' position index: a square of <see cref="Degrees"/> of latitude by as many of longitude
/// (about 11 km across in Vietnam). A map query reads the venue lists of the cells its box covers, so its work grows
/// with the box, not with the country.
/// </summary>
internal readonly record struct MapCell(int Row, int Column)
{
    /// <summary>The side of a cell, in degrees.</summary>
    public const double Degrees = 0.1;

    /// <summary>The cell holding a position. Monotonic in each coordinate, so a box's cells are the ones between its corners'.</summary>
    public static MapCell Of(double latitude, double longitude) => new(Index(latitude), Index(longitude));

    private static int Index(double degrees) => (int)Math.Floor(degrees / Degrees);
}
