using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Safety;
using Tracing.Server.Security;
using Tracing.V1;
using EngineBox = Tracing.Matching.Safety.BoundingBox;
using EngineStatus = Tracing.Matching.Safety.SafetyStatus;
using SafetyStatus = Tracing.V1.SafetyStatus;

namespace Tracing.Server.Grpc;

/// <summary>
/// SafetyService: facilities' daily self-assessments (their managers), public feedback (any signed-in person) and
/// the public safety map (anyone).
/// </summary>
public sealed class SafetyGrpcService(TracingEngine engine) : SafetyService.SafetyServiceBase
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    /// <inheritdoc />
    public override async Task<SubmitSelfAssessmentResponse> SubmitSelfAssessment(SubmitSelfAssessmentRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        var venue = new VenueAccess(engine).RequireMayAssess(person, request.VenueId);
        var standing = engine.Safety.Assess(person.UserId, venue.VenueId, request.Answers.Select(a => (a.Item, a.InPlace)).ToList());
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new SubmitSelfAssessmentResponse
        {
            Score = standing.Score,
            Status = ToProto(standing.Status),
            AssessedAt = Timestamp.FromDateTimeOffset(standing.AssessedAt!.Value),
        };
    }

    /// <inheritdoc />
    public override async Task<SubmitFeedbackResponse> SubmitFeedback(SubmitFeedbackRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        var count = engine.Safety.Feedback(person, request.VenueId, request.Rating, request.Comment);
        await engine.CommitAsync(context.CancellationToken).ConfigureAwait(false);
        return new SubmitFeedbackResponse { FeedbackCount = count };
    }

    /// <inheritdoc />
    public override async Task QuerySafetyMap(QuerySafetyMapRequest request, IServerStreamWriter<QuerySafetyMapResponse> responseStream, ServerCallContext context)
    {
        var box = request.BoundingBox is { } b ? new EngineBox(b.MinLatitude, b.MinLongitude, b.MaxLatitude, b.MaxLongitude) : (EngineBox?)null;
        // Facilities go out in network writes of many: each is buffered, and the stream is flushed at the end.
        responseStream.WriteOptions = Buffered;
        foreach (var standing in engine.Safety.Query(request.RegionCode.Trim(), box))
            await responseStream.WriteAsync(ToProto(standing), context.CancellationToken).ConfigureAwait(false);
    }

    private static QuerySafetyMapResponse ToProto(SafetyStanding standing)
    {
        var response = new QuerySafetyMapResponse
        {
            VenueId = standing.Venue.VenueId,
            Name = standing.Venue.Name,
            Status = ToProto(standing.Status),
            Score = standing.Score,
            FeedbackCount = standing.FeedbackCount,
            AssessedAt = standing.AssessedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            Category = SafetyChecklist.CategoryOf(standing.Venue.Details.Category),
            MissingItems = { standing.Missing },
            StreetAddress = standing.Venue.Details.StreetAddress,
            Place = Matching.Regions.AdministrativeRegions.Place(standing.Venue.ProvinceCode, standing.Venue.Details.DistrictCode, standing.Venue.Details.WardCode),
        };
        if (standing.Venue.Details.Latitude is { } latitude)
            response.Latitude = latitude;
        if (standing.Venue.Details.Longitude is { } longitude)
            response.Longitude = longitude;
        return response;
    }

    private static SafetyStatus ToProto(EngineStatus status) => status switch
    {
        EngineStatus.Safe => SafetyStatus.Safe,
        EngineStatus.AtRisk => SafetyStatus.AtRisk,
        EngineStatus.Unsafe => SafetyStatus.Unsafe,
        EngineStatus.Stale => SafetyStatus.Stale,
        _ => SafetyStatus.Unspecified,
    };
}
