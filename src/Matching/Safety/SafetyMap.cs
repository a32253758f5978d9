using Tracing.Matching.Internal;
using Tracing.Matching.Records;
using Tracing.Matching.Regions;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Safety;

/// <summary>
/// The public safety map (AntoanCovid): facilities' daily self-assessments against their category's checklist,
/// public feedback (counted; one per person, venue and day, at most <see cref="FeedbackPerPersonPerDay"/> a day),
/// and the map by region code or bounding box. An assessment older than a day shows as <see cref="SafetyStatus.Stale"/>.
/// </summary>
public sealed class SafetyMap
{
    /// <summary>The most feedback one person may send in a day.</summary>
    public const int FeedbackPerPersonPerDay = 20;

    /// <summary>The longest feedback comment, in characters.</summary>
    public const int MaxCommentLength = 500;

    /// <summary>How long an assessment stands before the facility shows as stale.</summary>
    public static readonly TimeSpan AssessmentLifetime = TimeSpan.FromDays(1);

    private readonly FasterStore _store;
    private readonly Venues _venues;
    private readonly TimeProvider _time;
    private readonly KeyLocks _locks = new();

    internal SafetyMap(FasterStore store, Venues venues, TimeProvider time)
    {
        _store = store;
        _venues = venues;
        _time = time;
    }

    /// <summary>
    /// Records today's self-assessment of a venue by one of its managers: every item of the venue's checklist
    /// answered once. The caller commits before answering.
    /// </summary>
    public SafetyStanding Assess(string managerUserId, string venueId, IReadOnlyList<(string Item, bool InPlace)> answers)
    {
        var venue = _venues.Require(venueId);
        if (!_venues.IsManager(managerUserId, venue.VenueId))
            throw new TracingException(TracingError.PermissionDenied, "Only the venue's managers can assess it.");
        var checklist = SafetyChecklist.For(venue.Details.Category);
        var inPlace = Answers(checklist, answers, SafetyChecklist.CategoryOf(venue.Details.Category));
        var score = SafetyScore.Of(checklist, inPlace);
        var now = _time.GetUtcNow();
        var record = new SafetyRecord { Score = score.Score, Status = (int)score.Status, AssessedAt = now.ToUnixTimeSeconds(), AssessedBy = managerUserId };
        record.Missing.AddRange(score.Missing);
        _store.WriteRecord(StoreKeys.ForSafety(venue.Number), record);
        _store.AppendItem(StoreKeys.ForAssessmentsOfDay(VietnamTime.DayNumberOf(record.AssessedAt)), venue.Number);
        return new SafetyStanding(venue, score.Status, score.Score, DateTimeOffset.FromUnixTimeSeconds(record.AssessedAt), FeedbackCount(venue.Number), score.Missing);
    }

    /// <summary>
    /// Counts a person's feedback on a venue (rating 1 unsafe to 5 safe, an optional comment); returns the venue's
    /// feedback count. One per person, venue and day. The caller commits before answering.
    /// </summary>
    public long Feedback(Person person, string venueId, int rating, string comment)
    {
        if (rating is < 1 or > 5)
            throw new TracingException(TracingError.InvalidArgument, $"rating must be 1 (unsafe) to 5 (safe), got {rating}.");
        if (comment.Length > MaxCommentLength)
            throw new TracingException(TracingError.InvalidArgument, $"comment is longer than {MaxCommentLength} characters.");
        var venue = _venues.Require(venueId);
        var now = _time.GetUtcNow();
        var today = StoreKeys.ForFeedbackBy(person.Number, VietnamTime.DayNumberOf(now.ToUnixTimeSeconds()));
        lock (_locks.For(person.UserId))
        {
            var sent = _store.ReadList<uint>(today);
            if (sent.Contains(venue.Number))
                throw new TracingException(TracingError.ResourceExhausted, "You already sent feedback on this venue today; send more tomorrow.");
            if (sent.Length >= FeedbackPerPersonPerDay)
                throw new TracingException(TracingError.ResourceExhausted, $"At most {FeedbackPerPersonPerDay} feedbacks a day; send more tomorrow.");
            _store.AppendItem(today, venue.Number);
            if (sent.Length == 0)
                _store.ExpireWithDay(today, now.ToUnixTimeSeconds());
        }
        lock (_locks.For(venue.VenueId))
        {
            var count = FeedbackCount(venue.Number) + 1;
            var feedbackKey = StoreKeys.ForFeedback(venue.Number, (ulong)count);
            _store.WriteRecord(feedbackKey, new FeedbackRecord { Person = person.Number, Rating = rating, Comment = comment.Trim(), SentAt = now.ToUnixTimeSeconds() });
            _store.ExpireWithDay(feedbackKey, now.ToUnixTimeSeconds());
            _store.WriteCounter(FeedbackCounter(venue.Number), (ulong)count);
            return count;
        }
    }

    /// <summary>A venue's standing as of now.</summary>
    public SafetyStanding Standing(VenueInfo venue)
    {
        var record = _store.ReadRecord(StoreKeys.ForSafety(venue.Number), SafetyRecord.Parser);
        var feedback = FeedbackCount(venue.Number);
        if (record is null)
            return new SafetyStanding(venue, SafetyStatus.Unassessed, 0, null, feedback, []);
        var assessedAt = DateTimeOffset.FromUnixTimeSeconds(record.AssessedAt);
        var status = _time.GetUtcNow() - assessedAt > AssessmentLifetime ? SafetyStatus.Stale : (SafetyStatus)record.Status;
        return new SafetyStanding(venue, status, record.Score, assessedAt, feedback, record.Missing.ToList());
    }

    /// <summary>
    /// The venues of a region — a province (2 digits), district (3) or ward (5) code — or, without one, inside
    /// a bounding box of at most <see cref="BoundingBox.MaxSpanDegrees"/> each way (venues without a position are
    /// left out; the venues' position index is read, never every venue), each with its standing.
    /// </summary>
    public IEnumerable<SafetyStanding> Query(string regionCode, BoundingBox? box)
    {
        if (regionCode.Length == 0 && box is null)
            throw new TracingException(TracingError.InvalidArgument, "Give region_code (province, district or ward code) or bounding_box.", "Bạn vui lòng chọn một khu vực (Tỉnh/TP, Quận/Huyện hoặc Phường/Xã) hoặc một vùng trên bản đồ.");
        if (regionCode.Length > 0 && AdministrativeRegions.Find(regionCode) is null)
        {
            throw new TracingException([new FieldRefusal(
                "region_code",
                $"region_code '{regionCode}' is not a province (2 digits), district (3) or ward (5) code of 2021 (see RegionService.ListRegions).",
                $"Khu vực \"{regionCode}\" không có trong danh mục hành chính năm 2021; bạn vui lòng chọn Tỉnh/TP, Quận/Huyện hoặc Phường/Xã trong danh sách.")]);
        }
        if (box is { } b && !b.IsValid)
            throw new TracingException(TracingError.InvalidArgument, "bounding_box needs min ≤ max, latitudes within ±90 and longitudes within ±180.", "Vùng bản đồ không hợp lệ; bạn vui lòng kéo hoặc thu phóng bản đồ lại.");
        if (regionCode.Length == 0 && !box!.Value.IsWithinMaxSpan)
        {
            throw new TracingException(
                TracingError.InvalidArgument,
                FormattableString.Invariant($"bounding_box spans {box.Value.MaxLatitude - box.Value.MinLatitude:0.###}° of latitude by {box.Value.MaxLongitude - box.Value.MinLongitude:0.###}° of longitude; at most {BoundingBox.MaxSpanDegrees:0.###}° each way (about 110 km) is answered. Zoom in, or ask for a province, district or ward by region_code."),
                "Vùng bản đồ quá rộng (tối đa khoảng 110 km mỗi chiều); bạn vui lòng phóng to bản đồ hoặc chọn Tỉnh/TP, Quận/Huyện, Phường/Xã.");
        }
        var numbers = regionCode.Length > 0 ? _venues.NumbersIn(regionCode) : _venues.NumbersInArea(box!.Value.MinLatitude, box.Value.MinLongitude, box.Value.MaxLatitude, box.Value.MaxLongitude);
        foreach (var number in numbers)
        {
            if (_venues.Find(number) is not { } venue || (regionCode.Length == 0 && !box!.Value.Contains(venue)))
                continue;
            yield return Standing(venue);
        }
    }

    private long FeedbackCount(uint venue) => (long)_store.ReadCounter(FeedbackCounter(venue));

    private static string FeedbackCounter(uint venue) => $"feedback:{venue}";

    private static Dictionary<string, bool> Answers(IReadOnlyList<ChecklistItem> checklist, IReadOnlyList<(string Item, bool InPlace)> answers, string category)
    {
        var known = checklist.Select(item => item.Key).ToHashSet(StringComparer.Ordinal);
        var inPlace = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (item, answer) in answers)
        {
            if (!known.Contains(item))
                throw new TracingException(TracingError.InvalidArgument, $"'{item}' is not on the {category} checklist; its items are: {string.Join(", ", known)}.");
            if (!inPlace.TryAdd(item, answer))
                throw new TracingException(TracingError.InvalidArgument, $"'{item}' is answered twice.");
        }
        var unanswered = known.Where(item => !inPlace.ContainsKey(item)).ToList();
        if (unanswered.Count > 0)
            throw new TracingException(TracingError.InvalidArgument, $"Answer every item of the {category} checklist; missing: {string.Join(", ", unanswered)}.");
        return inPlace;
    }
}
