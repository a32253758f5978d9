using Tracing.Matching.Registry;

namespace Tracing.Matching.Safety;

/// <summary>A latitude/longitude rectangle of the map (degrees, edges included).</summary>
public readonly record struct BoundingBox(double MinLatitude, double MinLongitude, double MaxLatitude, double MaxLongitude)
{
    /// <summary>Whether the corners are in order and on the globe.</summary>
    public bool IsValid =>
        MinLatitude <= MaxLatitude && MinLongitude <= MaxLongitude
        && MinLatitude >= -90 && MaxLatitude <= 90 && MinLongitude >= -180 && MaxLongitude <= 180;

    /// <summary>Whether the venue has a position inside the box.</summary>
    public bool Contains(VenueInfo venue) =>
        venue.Details.Latitude is { } latitude && venue.Details.Longitude is { } longitude
        && latitude >= MinLatitude && latitude <= MaxLatitude && longitude >= MinLongitude && longitude <= MaxLongitude;
}
