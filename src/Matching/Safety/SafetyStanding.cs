using Tracing.Matching.Registry;

namespace Tracing.Matching.Safety;

/// <summary>A facility on the safety map: its status and score as of now, when it last assessed, and its feedback.</summary>
public sealed record SafetyStanding(
    VenueInfo Venue,
    SafetyStatus Status,
    int Score,
    DateTimeOffset? AssessedAt,
    long FeedbackCount,
    IReadOnlyList<string> Missing);
