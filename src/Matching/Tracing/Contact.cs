namespace Tracing.Matching.Tracing;

/// <summary>A person found exposed, before it is turned into an <see cref="Exposure"/>.</summary>
internal readonly record struct Contact(uint Person, ExposureTier Tier, ExposureKind Kind, uint Venue, long Start, long End, double WeightedMinutes);
