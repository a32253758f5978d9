using Google.Protobuf.WellKnownTypes;
using Tracing.Matching;
using Tracing.Matching.Registry;
using Tracing.V1;
using EngineExposure = Tracing.Matching.Tracing.Exposure;
using EngineNotification = Tracing.Matching.Tracing.ExposureNotification;

namespace Tracing.Server.Grpc;

/// <summary>Conversions between engine types and tracing.v1 messages.</summary>
internal static class ProtoMapping
{
    public static Timestamp ToTimestamp(this DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static Timestamp UnixToTimestamp(long unixSeconds) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    /// <summary>A required timestamp, or a refusal naming the field.</summary>
    public static DateTimeOffset Required(Timestamp? timestamp, string field)
        => Optional(timestamp, field) ?? throw new TracingException(TracingError.InvalidArgument, $"{field} is required.", $"Bạn hãy nhập {FieldNames.Vietnamese(field)}.");

    /// <summary>An optional timestamp; out-of-range values are refused.</summary>
    public static DateTimeOffset? Optional(Timestamp? timestamp, string field)
    {
        if (timestamp is null)
            return null;
        if (timestamp.Seconds is < 0 or > 253402300799 || timestamp.Nanos is < 0 or > 999_999_999)
            throw new TracingException(TracingError.InvalidArgument, $"{field} is not a valid time.", $"{FieldNames.Vietnamese(field)} không phải là thời điểm hợp lệ.");
        return timestamp.ToDateTimeOffset();
    }

    public static V1.Venue ToProto(this VenueInfo venue, string qrPayload, bool showRegistrant)
    {
        var d = venue.Details;
        var proto = new V1.Venue
        {
            VenueId = venue.VenueId,
            Name = d.Name,
            ProvinceCode = d.ProvinceCode,
            DistrictCode = d.DistrictCode,
            WardCode = d.WardCode,
            ProvinceName = Matching.Regions.AdministrativeRegions.Find(d.ProvinceCode)?.Name ?? "",
            DistrictName = Matching.Regions.AdministrativeRegions.Find(d.DistrictCode)?.Name ?? "",
            WardName = Matching.Regions.AdministrativeRegions.Find(d.WardCode)?.Name ?? "",
            StreetAddress = d.StreetAddress,
            ParentVenueId = d.ParentVenueId,
            QrPayload = qrPayload,
            Category = d.Category,
            CreatedAt = venue.CreatedAt.ToTimestamp(),
            Labels = { d.Labels },
        };
        if (showRegistrant)
        {
            proto.RegistrantName = d.RegistrantName;
            proto.RegistrantPhone = d.RegistrantPhone;
        }
        if (d.Latitude is { } latitude)
            proto.Latitude = latitude;
        if (d.Longitude is { } longitude)
            proto.Longitude = longitude;
        return proto;
    }

    public static V1.Exposure ToProto(this EngineExposure e, string phone, bool phoneVerified) => new()
    {
        UserId = e.UserId,
        Tier = (Tier)(int)e.Tier,
        Kind = (ExposureKind)(int)e.Kind,
        VenueId = e.VenueId,
        VenueName = e.VenueName,
        Start = e.Start.ToTimestamp(),
        End = e.End.ToTimestamp(),
        WeightedMinutes = e.WeightedMinutes,
        RiskScore = e.RiskScore,
        Phone = phone,
        PhoneVerified = phoneVerified,
    };

    public static V1.ExposureNotification ToProto(this EngineNotification n) => new()
    {
        NotificationId = n.NotificationId,
        UserId = n.Exposure.UserId,
        Tier = (Tier)(int)n.Exposure.Tier,
        Kind = (ExposureKind)(int)n.Exposure.Kind,
        VenueId = n.Exposure.VenueId,
        VenueName = n.Exposure.VenueName,
        Start = n.Exposure.Start.ToTimestamp(),
        End = n.Exposure.End.ToTimestamp(),
        WeightedMinutes = n.Exposure.WeightedMinutes,
        RiskScore = n.Exposure.RiskScore,
        ProvinceCode = n.Exposure.ProvinceCode,
        CreatedAt = n.CreatedAt.ToTimestamp(),
    };
}
