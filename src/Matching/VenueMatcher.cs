using Tracing.Matching.Model;

namespace Tracing.Matching;

/// <summary>A person who shared a venue with a source visit, and when.</summary>
public readonly record struct VenueContact(uint Person, uint Venue, long Start, long End)
{
    /// <summary>Minutes of shared time.</summary>
    public double Minutes => (End - Start) / 60.0;
}

/// <summary>
/// Venue exposure (SPEC §2 "Cases and tiers"): another visit at the same venue overlapping the source's visit
/// extended by the linger buffer after the source left.
/// </summary>
public static class VenueMatcher
{
    /// <summary>Appends to <paramref name="contacts"/> every visit in <paramref name="others"/> exposed by <paramref name="source"/>.</summary>
    public static void Match(in Visit source, ReadOnlySpan<Visit> others, TimeSpan linger, List<VenueContact> contacts)
    {
        var windowEnd = source.End + (long)linger.TotalSeconds;
        foreach (ref readonly var other in others)
        {
            if (other.Venue != source.Venue || other.Person == source.Person || !other.Overlaps(source.Start, windowEnd))
                continue;
            contacts.Add(new VenueContact(other.Person, source.Venue, Math.Max(other.Start, source.Start), Math.Min(other.End, windowEnd)));
        }
    }
}
