namespace Tracing.Matching.Tracing;

/// <summary>Exposure tier: F1 met a case, F2 met an F1.</summary>
public enum ExposureTier
{
    /// <summary>Met the case.</summary>
    F1 = 1,

    /// <summary>Met an F1 after the F1's own exposure.</summary>
    F2 = 2,
}

/// <summary>How the exposure happened.</summary>
public enum ExposureKind
{
    /// <summary>Shared a venue at the same time.</summary>
    Venue = 1,

    /// <summary>Near by Bluetooth.</summary>
    Proximity = 2,
}

/// <summary>One exposure found by tracing. It never names the source case.</summary>
public sealed record Exposure(
    string UserId,
    ExposureTier Tier,
    ExposureKind Kind,
    string VenueId,
    string VenueName,
    DateTimeOffset Start,
    DateTimeOffset End,
    double WeightedMinutes,
    int RiskScore,
    string ProvinceCode)
{
    /// <summary>0–100 from tier and weighted minutes: an hour of F1 contact is 100, F2 counts half.</summary>
    public static int RiskScoreOf(ExposureTier tier, double weightedMinutes)
    {
        var score = Math.Min(100.0, weightedMinutes * 100 / 60);
        if (tier == ExposureTier.F2)
            score /= 2;
        return Math.Max(1, (int)Math.Round(score));
    }
}

/// <summary>An exposure as published to the notification feeds.</summary>
/// <param name="Sequence">Position in the national feed.</param>
/// <param name="FeedPosition">Position in the feed it was read from (its province's, or the national one).</param>
public sealed record ExposureNotification(string NotificationId, ulong Sequence, ulong FeedPosition, Exposure Exposure, DateTimeOffset CreatedAt);
