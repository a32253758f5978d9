using Tracing.Matching.Internal;
using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>An approval code for a person's request for access to a venue, to be sent to the registrant.</summary>
public sealed record VenueAccessCode(string Code, DateTimeOffset ExpiresAt, DateTimeOffset ResendAfter);

/// <summary>
/// Requests for access to a venue, approved by its registrant: each request sends a six-digit code to the registrant,
/// who passes it on only if they agree. A code is valid ten minutes, void after five wrong tries; one person may ask
/// for one venue no more than once a minute and three times a Vietnam day, so that guessing is hopeless (at most
/// 15 tries a day against a million codes) and the registrant's phone is not flooded; and ask no more than ten times a
/// day in all, so that one phone cannot send texts to every registrant. Codes are stored only as hashes.
/// </summary>
public sealed class VenueAccessRequests
{
    /// <summary>Digits in a code.</summary>
    public const int CodeLength = 6;

    /// <summary>Wrong tries before the code is void.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Codes one person may ask for, for one venue, in a Vietnam day.</summary>
    public const int MaxRequestsPerDay = 3;

    /// <summary>Access requests one person may make in a Vietnam day, all venues together.</summary>
    public const int MaxRequestsPerPersonPerDay = 10;

    /// <summary>How long a code is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The shortest time between two requests of one person for one venue.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(60);

    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly KeyLocks _locks = new();

    internal VenueAccessRequests(FasterStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>A new code for <paramref name="userId"/>'s request for <paramref name="venue"/>, unless asked too often.</summary>
    public VenueAccessCode Issue(VenueInfo venue, string userId)
    {
        var now = _time.GetUtcNow();
        var today = VietnamTime.DayNumberOf(now.ToUnixTimeSeconds());
        var key = StoreKeys.ForVenueAccessRequest(venue.Number, userId);
        lock (_locks.For(userId))
        {
            var previous = _store.ReadRecord(key, VenueAccessRequestRecord.Parser);
            if (previous is not null && now < DateTimeOffset.FromUnixTimeSeconds(previous.SentAt) + ResendInterval)
            {
                var wait = DateTimeOffset.FromUnixTimeSeconds(previous.SentAt) + ResendInterval - now;
                throw new TracingException(TracingError.ResourceExhausted, $"A code for this venue was sent to its registrant moments ago; ask again in {Math.Ceiling(wait.TotalSeconds):0} seconds.", $"Mã xác nhận vừa được gửi đến người đăng ký địa điểm này. Bạn có thể xin lại sau {Math.Ceiling(wait.TotalSeconds):0} giây.");
            }
            var sentToday = previous is not null && previous.Day == today ? previous.SentThatDay : 0;
            if (sentToday >= MaxRequestsPerDay)
                throw new TracingException(TracingError.ResourceExhausted, $"You asked for access to this venue {MaxRequestsPerDay} times today; ask again tomorrow, or ask one of its managers to add you by phone.", $"Hôm nay bạn đã xin quyền quản lý địa điểm này {MaxRequestsPerDay} lần. Bạn hãy thử lại vào ngày mai, hoặc nhờ một người quản lý của địa điểm thêm số điện thoại của bạn.");
            var ofDay = StoreKeys.ForVenueAccessRequestsOfDay(userId, today);
            var madeToday = _store.Read(ofDay) is { Length: sizeof(int) } count ? BitConverter.ToInt32(count) : 0;
            if (madeToday >= MaxRequestsPerPersonPerDay)
                throw new TracingException(TracingError.ResourceExhausted, $"You asked for access to venues {MaxRequestsPerPersonPerDay} times today; ask again tomorrow, or ask a venue's managers to add you by phone.", $"Hôm nay bạn đã xin quyền quản lý địa điểm {MaxRequestsPerPersonPerDay} lần. Bạn hãy thử lại vào ngày mai, hoặc nhờ người quản lý của địa điểm thêm số điện thoại của bạn.");
            _store.Upsert(ofDay, BitConverter.GetBytes(madeToday + 1));
            if (madeToday == 0)
                _store.ExpireWithDay(ofDay, now.ToUnixTimeSeconds());
            var code = Ids.Digits(CodeLength);
            var record = new VenueAccessRequestRecord
            {
                CodeHash = OneTimeCode.Hash(Scope(venue, userId), code),
                ExpiresAt = (now + Lifetime).ToUnixTimeSeconds(),
                SentAt = now.ToUnixTimeSeconds(),
                Day = today,
                SentThatDay = sentToday + 1,
            };
            _store.WriteRecord(key, record);
            _store.ExpireWithDay(key, record.SentAt);
            return new VenueAccessCode(code, now + Lifetime, now + ResendInterval);
        }
    }

    /// <summary>Checks the code of <paramref name="userId"/>'s request; a correct code is used up. Throws saying what is wrong otherwise.</summary>
    public void Verify(VenueInfo venue, string userId, string code)
    {
        var now = _time.GetUtcNow();
        var key = StoreKeys.ForVenueAccessRequest(venue.Number, userId);
        lock (_locks.For(userId))
        {
            var record = _store.ReadRecord(key, VenueAccessRequestRecord.Parser);
            if (record is null || record.CodeHash.Length == 0)
                throw new TracingException(TracingError.FailedPrecondition, "No access request of yours is waiting for this venue; call RequestVenueAccess first (or again, if the code was used or voided).", "Bạn chưa có yêu cầu xin quyền quản lý nào đang chờ cho địa điểm này. Bạn hãy xin quyền quản lý trước (hoặc xin lại nếu mã xác nhận đã được dùng hay đã bị huỷ).");
            if (now.ToUnixTimeSeconds() >= record.ExpiresAt)
                throw new TracingException(TracingError.FailedPrecondition, $"The approval code expired ({Lifetime.TotalMinutes:0} minutes after it was sent); request access again.", $"Mã xác nhận của người đăng ký đã hết hạn ({Lifetime.TotalMinutes:0} phút sau khi gửi). Bạn hãy xin quyền quản lý lại.");
            if (!OneTimeCode.Matches(record.CodeHash, Scope(venue, userId), code.Trim()))
            {
                record.FailedAttempts++;
                if (record.FailedAttempts >= MaxAttempts)
                    record.CodeHash = "";
                _store.WriteRecord(key, record);
                throw record.FailedAttempts >= MaxAttempts
                    ? new TracingException(TracingError.ResourceExhausted, $"{MaxAttempts} wrong approval codes: this code is void. Request access again.", $"Mã xác nhận của người đăng ký không đúng. Bạn đã nhập sai {MaxAttempts} lần nên mã này đã bị huỷ; hãy xin quyền quản lý lại.")
                    : new TracingException(TracingError.PermissionDenied, $"Wrong approval code; {MaxAttempts - record.FailedAttempts} tries left.", $"Mã xác nhận của người đăng ký không đúng. Bạn còn {MaxAttempts - record.FailedAttempts} lần thử.");
            }
            record.CodeHash = "";
            _store.WriteRecord(key, record);
        }
    }

    // The venue and the asker are in the hash: a code approves this person for this venue, no one else, nowhere else.
    private static string Scope(VenueInfo venue, string userId) => $"{venue.Number}:{userId}";
}
