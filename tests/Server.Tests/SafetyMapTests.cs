using Grpc.Core;
using Tracing.Matching.Safety;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>The safety map over gRPC: a manager's daily assessment, the public's feedback and the public map.</summary>
public sealed class SafetyMapTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task A_managers_assessment_shows_on_the_public_map_with_the_feedback_count()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Nhà hàng Ngon", "79", "760", "26740", "restaurant", (10.7795, 106.6994));
        var assessment = new SubmitSelfAssessmentRequest { VenueId = venue.VenueId };
        // Everything in place but ventilation (10): 90, safe.
        assessment.Answers.AddRange(SafetyChecklist.For("restaurant").Select(i => new ChecklistAnswer { Item = i.Key, InPlace = i.Key != "ventilation" }));

        var assessed = await manager.Safety.SubmitSelfAssessmentAsync(assessment);
        var (citizen, _) = await Citizens.DeviceAsync(Server);
        var feedback = await citizen.Safety.SubmitFeedbackAsync(new SubmitFeedbackRequest { VenueId = venue.VenueId, Rating = 4, Comment = "Bàn xa nhau" });
        using var anonymous = Server.Anonymous();
        var map = await ReadAsync(anonymous, new QuerySafetyMapRequest { BoundingBox = new V1.BoundingBox { MinLatitude = 10.77, MaxLatitude = 10.79, MinLongitude = 106.69, MaxLongitude = 106.71 } });

        Assert.Equal((90, V1.SafetyStatus.Safe), (assessed.Score, assessed.Status));
        Assert.Equal(1, feedback.FeedbackCount);
        var shown = Assert.Single(map, m => m.VenueId == venue.VenueId);
        Assert.Equal((V1.SafetyStatus.Safe, 90, 1L, 10.7795), (shown.Status, shown.Score, shown.FeedbackCount, shown.Latitude));
        Assert.Equal(("restaurant", "ventilation"), (shown.Category, Assert.Single(shown.MissingItems)));
        Assert.Contains(await ReadAsync(anonymous, new QuerySafetyMapRequest { RegionCode = "26740" }), m => m.VenueId == venue.VenueId);
    }

    [Fact]
    public async Task Wrong_assessments_feedback_and_map_requests_are_refused_with_what_to_fix()
    {
        var (manager, _) = await Citizens.SignedInAsync(Server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Chợ Tân Định");
        var (citizen, _) = await Citizens.DeviceAsync(Server);
        using var anonymous = Server.Anonymous();
        var all = SafetyChecklist.For(venue.Category).Select(i => new ChecklistAnswer { Item = i.Key, InPlace = true }).ToList();

        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => manager.Safety.SubmitSelfAssessmentAsync(new SubmitSelfAssessmentRequest { VenueId = venue.VenueId, Answers = { all.Skip(1) } }).ResponseAsync, "missing", all[0].Item);
        await Refusals.AssertAsync(StatusCode.PermissionDenied, () => citizen.Safety.SubmitSelfAssessmentAsync(new SubmitSelfAssessmentRequest { VenueId = venue.VenueId, Answers = { all } }).ResponseAsync, "managers");
        await Refusals.AssertAsync(StatusCode.Unauthenticated, () => anonymous.Safety.SubmitFeedbackAsync(new SubmitFeedbackRequest { VenueId = venue.VenueId, Rating = 3 }).ResponseAsync);
        await citizen.Safety.SubmitFeedbackAsync(new SubmitFeedbackRequest { VenueId = venue.VenueId, Rating = 3 });
        await Refusals.AssertAsync(StatusCode.ResourceExhausted, () => citizen.Safety.SubmitFeedbackAsync(new SubmitFeedbackRequest { VenueId = venue.VenueId, Rating = 3 }).ResponseAsync, "tomorrow");
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => ReadAsync(anonymous, new QuerySafetyMapRequest { RegionCode = "7" }), "region_code");
        await Refusals.AssertAsync(StatusCode.InvalidArgument, () => ReadAsync(anonymous, new QuerySafetyMapRequest()), "bounding_box");
    }

    private static async Task<List<QuerySafetyMapResponse>> ReadAsync(Clients.TracingClient client, QuerySafetyMapRequest request)
    {
        using var call = client.Safety.QuerySafetyMap(request);
        var found = new List<QuerySafetyMapResponse>();
        await foreach (var item in call.ResponseStream.ReadAllAsync())
            found.Add(item);
        return found;
    }
}
