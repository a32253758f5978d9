using System.Globalization;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Regions;
using Tracing.Matching.Tracing;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>
/// ExposureService: the notification feeds for partners and health departments (a national feed and one per
/// province; a token is "&lt;feed&gt;.&lt;position&gt;"), and each person's own exposures.
/// </summary>
public sealed class ExposureGrpcService(TracingEngine engine, Draining draining) : ExposureService.ExposureServiceBase
{
    private const int DefaultPage = 100;
    private const int MaxPage = 10_000;

    /// <inheritdoc />
    public override Task<FetchNotificationsResponse> FetchNotifications(FetchNotificationsRequest request, ServerCallContext context)
    {
        var feed = FeedFor(context.Caller(), request.ProvinceCode);
        var after = Position(request.AfterToken, feed);
        if (request.MaxResults is < 0 or > MaxPage)
            throw new TracingException(TracingError.InvalidArgument, $"max_results must lie between 1 and {MaxPage} (0 means {DefaultPage}).", $"Số kết quả mỗi trang phải từ 1 đến {MaxPage} (0 là {DefaultPage}).");
        var page = engine.Notifications.Read(feed, after, request.MaxResults == 0 ? DefaultPage : request.MaxResults);
        var response = new FetchNotificationsResponse { NextToken = Token(feed, page.Count > 0 ? page[^1].FeedPosition : after) };
        foreach (var notification in page)
            response.Notifications.Add(notification.ToProto());
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override async Task WatchNotifications(WatchNotificationsRequest request, IServerStreamWriter<WatchNotificationsResponse> responseStream, ServerCallContext context)
    {
        var feed = FeedFor(context.Caller(), request.ProvinceCode);
        var after = Position(request.AfterToken, feed);
        // The headers go out at once: the partner knows its watch is open before the first notification.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        // A watch ends UNAVAILABLE when the server stops; the partner resumes from its last token.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, draining.Stopping);
        var cancellation = watching.Token;
        while (!cancellation.IsCancellationRequested)
        {
            var page = engine.Notifications.Read(feed, after, 1000);
            if (page.Count > 0)
            {
                // A page goes out in one network write.
                await responseStream.WriteInOneFlushAsync(
                    page.ConvertAll(n => new WatchNotificationsResponse { Notification = n.ToProto(), NextToken = Token(feed, n.FeedPosition) }), cancellation).ConfigureAwait(false);
                after = page[^1].FeedPosition;
            }
            else
            {
                try
                {
                    await engine.Notifications.WaitForNewsAsync(feed, after, cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        if (!context.CancellationToken.IsCancellationRequested)
            throw Draining.Refusal();
    }

    /// <inheritdoc />
    public override Task<GetMyExposuresResponse> GetMyExposures(GetMyExposuresRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        var response = new GetMyExposuresResponse();
        foreach (var notification in engine.Notifications.OfPerson(person.Number))
            response.Notifications.Add(notification.ToProto());
        return Task.FromResult(response);
    }

    /// <summary>The feed a caller reads: partners and provincial departments only their own province's.</summary>
    private static string FeedFor(Caller caller, string requested)
    {
        if (caller.Kind is not (CallerKind.Partner or CallerKind.HealthDepartment))
        {
            throw caller.Kind == CallerKind.Anonymous
                ? new TracingException(TracingError.Unauthenticated, "Send your partner or health-department API key as `x-api-key`.", "Bạn hãy gửi khoá truy cập của đối tác hoặc của cơ quan y tế.")
                : new TracingException(TracingError.PermissionDenied, "Notification feeds are for partner systems and health departments; people read theirs with GetMyExposures.", "Nguồn thông báo này dành cho hệ thống đối tác và cơ quan y tế; mỗi người xem cảnh báo tiếp xúc của mình trong ứng dụng.");
        }
        if (requested.Length > 0 && !Matching.Regions.AdministrativeRegions.IsProvince(requested))
        {
            throw new TracingException([new FieldRefusal(
                "province_code",
                $"province_code '{requested}' is not one of the 63 province codes of 2021 (e.g. 01 Hà Nội, 79 Hồ Chí Minh; see RegionService.ListRegions).",
                $"Tỉnh/TP \"{requested}\" không có trong danh mục hành chính năm 2021; bạn vui lòng chọn Tỉnh/TP trong danh sách.")]);
        }
        if (caller.Province.Length > 0)
        {
            if (requested.Length > 0 && requested != caller.Province)
            {
                var own = Matching.Regions.AdministrativeRegions.NameOf(caller.Province);
                throw new TracingException(
                    TracingError.PermissionDenied,
                    $"Your key may read province {caller.Province} ({own}) only; leave province_code empty or give {caller.Province}.",
                    $"Khóa của bạn chỉ được đọc thông báo của {own}.");
            }
            return caller.Province;
        }
        return requested.Length > 0 ? requested : Notifications.National;
    }

    private static ulong Position(string token, string feed)
    {
        if (token.Length == 0)
            return 0;
        var dot = token.LastIndexOf('.');
        if (dot <= 0 || !ulong.TryParse(token.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            throw new TracingException(TracingError.InvalidArgument, "after_token is malformed; pass a next_token exactly as it was returned, or empty to start from the beginning.", "Vị trí đọc tiếp không hợp lệ. Bạn hãy dùng đúng vị trí mà lần đọc trước trả về, hoặc đọc lại từ đầu.");
        if (token[..dot] != feed)
            throw new TracingException(TracingError.InvalidArgument, $"after_token belongs to feed '{token[..dot]}', not '{feed}'; use a token from the same province_code.", "Vị trí đọc tiếp thuộc nguồn thông báo của tỉnh khác. Bạn hãy dùng vị trí của cùng Tỉnh/TP.");
        return position;
    }

    private static string Token(string feed, ulong position) => $"{feed}.{position.ToString(CultureInfo.InvariantCulture)}";
}
