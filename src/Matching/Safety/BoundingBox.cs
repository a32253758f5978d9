using Tracing.Matching.Registry;

namespace Tracing.Matching.Safety;

/// <summary>A latitude/longitude rectangle of the map (degrees, edges included).</summary>
public readonly record struct BoundingBox(double MinLatitude, double MinLongitude, double MaxLatitude, double MaxLongitude)
{
    /// <summary>
    /// The widest box a map query may ask for, in degrees of latitude and of longitude (about 110 km): a city and its
    /// surroundings. Anything wider is a view of provinces, asked by region code; the bound keeps an anonymous query's
    /// work to the position index cells of one such area.
    /// </summary>
    public const double MaxSpanDegrees = 1.0;

    /// <summary>Whether the box spans at most <see cref="MaxSpanDegrees"/> each way.</summary>
    public bool IsWithinMaxSpan => MaxLatitude - MinLatitude <= MaxSpanDegrees && MaxLongitude - MinLongitude <= MaxSpanDegrees;

    /// <summary>Whether the corners are in order and on the globe.</summary>
    public bool IsValid =>
        MinLatitude <= MaxLatitude && MinLongitude <= MaxLongitude
        && MinLatitude >= -90 && MaxLatitude <= 90 && MinLongitude >= -180 && MaxLongitude <= 180;

    /// <summary>Whether the venue has a position inside the box.</summary>
    public bool Contains(VenueInfo venue) =>
        venue.Details.Latitude is { } latitude && venue.Details.Longitude is { } longitude
        && latitude >= MinLatitude && latitude <= MaxLatitude && longitude >= MinLongitude && longitude <= MaxLongitude;
}
