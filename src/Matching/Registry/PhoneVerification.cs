using Tracing.Matching.Internal;
using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>A one-time password sent to a phone.</summary>
public sealed record OneTimePassword(string Phone, string Code, DateTimeOffset ExpiresAt, DateTimeOffset ResendAfter);

/// <summary>
/// One-time passwords for phone sign-in: six digits, valid five minutes, at most five wrong tries, and a new
/// code for the same phone no sooner than a minute after the last. Codes are stored only as hashes.
/// </summary>
public sealed class PhoneVerification
{
    /// <summary>Digits in a code.</summary>
    public const int CodeLength = 6;

    /// <summary>Wrong tries before the code is void.</summary>
    public const int MaxAttempts = 5;

    /// <summary>How long a code is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The shortest time between two codes for one phone.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(60);

    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly KeyLocks _locks = new();

    internal PhoneVerification(FasterStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Issues a new code for a (normalised) phone, unless one was sent too recently.</summary>
    public OneTimePassword Issue(string phone)
    {
        var now = _time.GetUtcNow();
        lock (_locks.For(phone))
        {
            var key = StoreKeys.ForOtp(phone);
            if (_store.ReadRecord(key, OtpRecord.Parser) is { } previous && now < DateTimeOffset.FromUnixTimeSeconds(previous.SentAt) + ResendInterval)
            {
                var wait = DateTimeOffset.FromUnixTimeSeconds(previous.SentAt) + ResendInterval - now;
                throw new TracingException(TracingError.ResourceExhausted, $"A code was sent to this phone moments ago; request another in {Math.Ceiling(wait.TotalSeconds):0} seconds.", $"Mã OTP vừa được gửi đến số điện thoại này. Bạn có thể yêu cầu mã mới sau {Math.Ceiling(wait.TotalSeconds):0} giây.");
            }
            var code = Ids.Digits(CodeLength);
            var record = new OtpRecord { CodeHash = OneTimeCode.Hash(phone, code), ExpiresAt = (now + Lifetime).ToUnixTimeSeconds(), SentAt = now.ToUnixTimeSeconds() };
            _store.WriteRecord(key, record);
            _store.ExpireWithDay(key, record.SentAt, Expiry.OneTimePassword);
            return new OneTimePassword(phone, code, now + Lifetime, now + ResendInterval);
        }
    }

    /// <summary>Checks a code; a correct code is used up. Throws a <see cref="TracingException"/> saying what is wrong otherwise.</summary>
    public void Verify(string phone, string code)
    {
        var now = _time.GetUtcNow();
        lock (_locks.For(phone))
        {
            var key = StoreKeys.ForOtp(phone);
            var record = _store.ReadRecord(key, OtpRecord.Parser)
                ?? throw new TracingException(TracingError.FailedPrecondition, "No code was requested for this phone; call RequestOtp first.", "Chưa có mã OTP nào được gửi đến số điện thoại này. Bạn hãy yêu cầu gửi mã OTP trước.");
            if (record.CodeHash.Length == 0)
                throw new TracingException(TracingError.FailedPrecondition, "This code was already used or voided; request a new one.", "Mã OTP này đã được dùng hoặc đã bị huỷ. Bạn hãy yêu cầu gửi mã mới.");
            if (now.ToUnixTimeSeconds() >= record.ExpiresAt)
                throw new TracingException(TracingError.FailedPrecondition, $"The code expired ({Lifetime.TotalMinutes:0} minutes after it was sent); request a new one.", $"Mã OTP đã hết hạn ({Lifetime.TotalMinutes:0} phút sau khi gửi). Bạn hãy yêu cầu gửi mã mới.");
            if (!OneTimeCode.Matches(record.CodeHash, phone, code))
            {
                record.FailedAttempts++;
                if (record.FailedAttempts >= MaxAttempts)
                    record.CodeHash = "";
                _store.WriteRecord(key, record);
                throw record.FailedAttempts >= MaxAttempts
                    ? new TracingException(TracingError.ResourceExhausted, $"{MaxAttempts} wrong codes: this code is void. Request a new one.", $"Mã OTP không đúng. Bạn đã nhập sai {MaxAttempts} lần nên mã này đã bị huỷ; hãy yêu cầu gửi mã mới.")
                    : new TracingException(TracingError.PermissionDenied, $"Wrong code; {MaxAttempts - record.FailedAttempts} tries left.", $"Mã OTP không đúng. Bạn còn {MaxAttempts - record.FailedAttempts} lần thử.");
            }
            record.CodeHash = "";
            _store.WriteRecord(key, record);
        }
    }
}
