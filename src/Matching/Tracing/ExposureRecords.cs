using Tracing.Matching.Records;

namespace Tracing.Matching.Tracing;

/// <summary>Conversion between <see cref="Exposure"/> and its stored record.</summary>
internal static class ExposureRecords
{
    public static ExposureRecord From(Exposure e) => new()
    {
        UserId = e.UserId,
        Tier = (int)e.Tier,
        Kind = (int)e.Kind,
        VenueId = e.VenueId,
        VenueName = e.VenueName,
        Start = e.Start.ToUnixTimeSeconds(),
        End = e.End.ToUnixTimeSeconds(),
        WeightedMinutes = e.WeightedMinutes,
        RiskScore = e.RiskScore,
        ProvinceCode = e.ProvinceCode,
    };

    public static Exposure To(ExposureRecord r) => new(
        r.UserId,
        (ExposureTier)r.Tier,
        (ExposureKind)r.Kind,
        r.VenueId,
        r.VenueName,
        DateTimeOffset.FromUnixTimeSeconds(r.Start),
        DateTimeOffset.FromUnixTimeSeconds(r.End),
        r.WeightedMinutes,
        r.RiskScore,
        r.ProvinceCode);
}
