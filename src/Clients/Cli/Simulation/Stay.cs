namespace Tracing.Cli.Simulation;

/// <summary>
/// A person's true time at one place (a venue, or home for <see cref="VenueCategory.Home"/>), as it happened —
/// not as the phone reported it.
/// </summary>
/// <param name="Person">The person's index.</param>
/// <param name="Category">The kind of place.</param>
/// <param name="Place">The venue index, or the household index at home.</param>
/// <param name="Zone">The room within the place.</param>
/// <param name="Start">Arrival, unix seconds.</param>
/// <param name="End">Departure, unix seconds.</param>
/// <param name="X">Position in the room (seated places), metres.</param>
/// <param name="Y">Position in the room (seated places), metres.</param>
/// <param name="CarryLoss">Signal lost to the body or a bag the phone is carried in, dB (0 on a table or in the hand).</param>
internal readonly record struct Stay(int Person, VenueCategory Category, int Place, int Zone, long Start, long End, double X, double Y, int CarryLoss)
{
    /// <summary>True for a venue with a QR code, false at home.</summary>
    public bool AtVenue => Category != VenueCategory.Home;

    /// <summary>Whether this stay and [<paramref name="from"/>, <paramref name="until"/>) share time.</summary>
    public bool Overlaps(long from, long until) => Start < until && End > from;
}
