using System.Collections.Concurrent;
using Tracing.Matching.Crypto;
using Tracing.Matching.Internal;
using Tracing.Matching.Ledger;
using Tracing.Matching.Model;
using Tracing.Matching.Records;
using Tracing.Matching.Registry;
using Tracing.Matching.Storage;
using Tracing.Matching.Telemetry;

namespace Tracing.Matching.Tracing;

/// <summary>
/// Confirmed cases: reporting traces the venue contacts at once and issues a one-time verification code; the
/// case's phone then uploads its keys with that code, which traces the Bluetooth contacts. Every exposure is
/// kept in the case file and published as a notification.
/// </summary>
public sealed class Cases
{
    /// <summary>Digits in a verification code.</summary>
    public const int CodeLength = 8;

    /// <summary>How long a verification code stays valid.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Wrong codes one person may try per hour.</summary>
    public const int MaxWrongCodesPerHour = 5;

    /// <summary>The most keys one upload may carry.</summary>
    public const int MaxKeys = 30;

    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly People _people;
    private readonly Venues _venues;
    private readonly Notifications _notifications;
    private readonly ContactTracer _tracer;
    private readonly TracingRules _rules;
    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Since)> _wrongCodes = new();
    private readonly KeyLocks _locks = new();

    internal Cases(FasterStore store, TimeProvider time, People people, Venues venues, Notifications notifications, ContactTracer tracer, TracingRules rules)
    {
        _store = store;
        _time = time;
        _people = people;
        _venues = venues;
        _notifications = notifications;
        _tracer = tracer;
        _rules = rules;
    }

    /// <summary>
    /// Reports <paramref name="person"/> as a case. The infectious window opens the configured lead before
    /// symptom onset (or the test date) and closes now. Venue contacts are traced and notified at once. The case
    /// keeps who reported it: <paramref name="reportedBy"/> (a health department's name) of <paramref name="provinceCode"/>.
    /// </summary>
    public CaseReport Report(Person person, DateTimeOffset? testDate, DateTimeOffset? symptomOnset, ReportKind kind, string provinceCode, string reportedBy = "")
    {
        var now = _time.GetUtcNow();
        var anchor = symptomOnset ?? testDate
            ?? throw new TracingException(TracingError.InvalidArgument, "test_date or symptom_onset_date is required to place the infectious window.", "Bạn hãy nhập Ngày xét nghiệm hoặc Ngày khởi phát triệu chứng để xác định thời gian có thể lây nhiễm.");
        if (anchor > now + TimeSpan.FromDays(1))
            throw new TracingException(TracingError.InvalidArgument, "test_date and symptom_onset_date cannot lie in the future.", "Ngày xét nghiệm và Ngày khởi phát triệu chứng không được ở tương lai.");
        if (anchor < now - _rules.Retention)
            throw new TracingException(TracingError.InvalidArgument, $"test_date and symptom_onset_date must lie within the last {_rules.Retention.TotalDays:0} days (older data is deleted).", $"Ngày xét nghiệm và Ngày khởi phát triệu chứng phải trong vòng {_rules.Retention.TotalDays:0} ngày gần đây (dữ liệu cũ hơn đã bị xoá).");
        var from = anchor - _rules.InfectiousLead;
        var record = new CaseRecord
        {
            CaseId = Ids.New('c'),
            Person = person.Number,
            ReportType = (int)kind,
            TestDate = testDate?.ToUnixTimeSeconds() ?? 0,
            SymptomOnset = symptomOnset?.ToUnixTimeSeconds() ?? 0,
            ReportedAt = now.ToUnixTimeSeconds(),
            InfectiousFrom = from.ToUnixTimeSeconds(),
            InfectiousUntil = now.ToUnixTimeSeconds(),
            ProvinceCode = provinceCode,
            ReportedBy = reportedBy,
        };
        var code = IssueCode(record.CaseId, now);
        int exposures;
        using (CaseMetrics.Begin("report"))
            exposures = Trace(record, direct: _tracer.VenueContacts(person.Number, record.InfectiousFrom, record.InfectiousUntil, DirectTier(kind), Excluding(record)));
        var caseKey = StoreKeys.ForCase(record.CaseId);
        _store.WriteRecord(caseKey, record);
        _store.ExpireWithDay(caseKey, record.ReportedAt);
        return new CaseReport(record.CaseId, code, now + CodeLifetime, from, now, exposures);
    }

    /// <summary>
    /// Accepts the keys of the case that <paramref name="code"/> was issued for, uploaded by that case's own
    /// device, and traces its Bluetooth contacts.
    /// </summary>
    public KeyUploadResult UploadKeys(Person caller, string code, IReadOnlyList<DiagnosisKey> keys)
    {
        var now = _time.GetUtcNow();
        CheckAttempts(caller.UserId, now);
        if (code.Length != CodeLength || !code.All(char.IsAsciiDigit))
            throw WrongCode(caller.UserId, now);
        if (keys.Count is 0 or > MaxKeys)
            throw new TracingException(TracingError.InvalidArgument, $"Upload between 1 and {MaxKeys} keys (normally the last 14 days).", $"Mỗi lần gửi từ 1 đến {MaxKeys} khoá phơi nhiễm (thường là của 14 ngày gần nhất).");
        var seen = new HashSet<Guid>();
        foreach (var key in keys)
        {
            ValidateKey(key, now);
            // The same key twice would count every sighting of its identifiers twice.
            if (!seen.Add(new Guid(key.KeyData)))
                throw new TracingException(TracingError.InvalidArgument, "The same key_data appears twice in this upload; send each daily key once.", "Một khoá phơi nhiễm xuất hiện hai lần trong lần gửi này; mỗi khoá hằng ngày chỉ gửi một lần.");
        }
        lock (_locks.For(code))
        {
            var issued = _store.ReadRecord(StoreKeys.ForVerificationCode(code), VerificationCodeRecord.Parser) ?? throw WrongCode(caller.UserId, now);
            if (issued.Used)
                throw new TracingException(TracingError.FailedPrecondition, "This verification code was already used; each code uploads keys once. Ask the health department for a new one.", "Mã xác minh này đã được dùng; mỗi mã chỉ gửi dữ liệu một lần. Bạn hãy xin mã mới từ cơ quan y tế.");
            if (now.ToUnixTimeSeconds() >= issued.ExpiresAt)
                throw new TracingException(TracingError.FailedPrecondition, $"This verification code expired ({CodeLifetime.TotalMinutes:0} minutes after it was issued). Ask the health department for a new one.", $"Mã xác minh đã hết hạn ({CodeLifetime.TotalMinutes:0} phút sau khi cấp). Bạn hãy xin mã mới từ cơ quan y tế.");
            var record = _store.ReadRecord(StoreKeys.ForCase(issued.CaseId), CaseRecord.Parser)
                ?? throw new TracingException(TracingError.NotFound, "The case of this verification code no longer exists.", "Ca bệnh của mã xác minh này không còn trong hệ thống.");
            if (record.Person != caller.Number)
                throw new TracingException(TracingError.PermissionDenied, "This verification code was issued for another person; upload from the phone of the person reported.", "Mã xác minh này được cấp cho người khác. Bạn hãy gửi từ điện thoại của chính người được báo cáo.");
            int found;
            using (CaseMetrics.Begin("keys"))
            {
                var direct = _tracer.ProximityContacts(record.Person, keys, record.InfectiousFrom, record.InfectiousUntil, DirectTier((ReportKind)record.ReportType));
                record.KeysUploaded = true;
                found = Trace(record, direct);
            }
            // The code is spent only once tracing succeeded, so a failure leaves it usable for a retry.
            _store.WriteRecord(StoreKeys.ForCase(record.CaseId), record);
            issued.Used = true;
            _store.WriteRecord(StoreKeys.ForVerificationCode(code), issued);
            return new KeyUploadResult(keys.Count, found);
        }
    }

    /// <summary>The case file, or null when there is no such case.</summary>
    public CaseFile? Find(string caseId)
    {
        if (caseId.Length == 0 || _store.ReadRecord(StoreKeys.ForCase(caseId), CaseRecord.Parser) is not { } r)
            return null;
        return new CaseFile(
            r.CaseId,
            r.Person,
            (ReportKind)r.ReportType,
            DateTimeOffset.FromUnixTimeSeconds(r.InfectiousFrom),
            DateTimeOffset.FromUnixTimeSeconds(r.InfectiousUntil),
            r.ProvinceCode,
            r.KeysUploaded,
            r.Exposures.Select(ExposureRecords.To).ToList(),
            r.ReportedBy);
    }

    /// <summary>Adds direct contacts, and for a confirmed case their F2s, to the case file; publishes each new exposure.</summary>
    private int Trace(CaseRecord record, List<Contact> direct)
    {
        var contacts = new List<Contact>(direct);
        if ((ReportKind)record.ReportType == ReportKind.ConfirmedTest)
        {
            var exclude = Excluding(record);
            foreach (var contact in direct)
                exclude.Add(contact.Person);
            contacts.AddRange(_tracer.SecondTier(direct, record.InfectiousUntil, exclude));
        }
        // An exposure already in the case file (an F2 found again through an F1 found twice) is not notified again.
        var known = record.Exposures.Select(e => (e.UserId, e.Tier, e.Kind, e.VenueId)).ToHashSet();
        var added = 0;
        foreach (var contact in Merge(contacts))
        {
            if (_people.Find(contact.Person) is not { } person)
                continue;
            var venue = contact.Venue != 0 ? _venues.Find(contact.Venue) : null;
            if (!known.Add((person.UserId, (int)contact.Tier, (int)contact.Kind, venue?.VenueId ?? "")))
                continue;
            var exposure = new Exposure(
                person.UserId,
                contact.Tier,
                contact.Kind,
                venue?.VenueId ?? "",
                venue?.Name ?? "",
                DateTimeOffset.FromUnixTimeSeconds(contact.Start),
                DateTimeOffset.FromUnixTimeSeconds(contact.End),
                Math.Round(contact.WeightedMinutes, 2),
                Exposure.RiskScoreOf(contact.Tier, contact.WeightedMinutes),
                venue?.ProvinceCode ?? record.ProvinceCode);
            record.Exposures.Add(ExposureRecords.From(exposure));
            _notifications.Publish(person.Number, exposure);
            CaseMetrics.Exposed(contact.Tier, contact.Kind);
            added++;
        }
        DropSupersededSecondTier(record);
        return added;
    }

    /// <summary>
    /// Someone first found F2 (at report time) and later F1 (by the keys) keeps only the F1 entries in the case
    /// file; the F2 notification already sent stays in the feeds, and the F1 one follows it.
    /// </summary>
    private static void DropSupersededSecondTier(CaseRecord record)
    {
        var firstTier = record.Exposures.Where(e => e.Tier == (int)ExposureTier.F1).Select(e => e.UserId).ToHashSet();
        var kept = record.Exposures.Where(e => e.Tier == (int)ExposureTier.F1 || !firstTier.Contains(e.UserId)).ToList();
        if (kept.Count == record.Exposures.Count)
            return;
        record.Exposures.Clear();
        record.Exposures.AddRange(kept);
    }

    /// <summary>One exposure per person, tier, kind and venue: its window spans all of them, its minutes add up.</summary>
    private static IEnumerable<Contact> Merge(List<Contact> contacts)
        => contacts
            .GroupBy(c => (c.Person, c.Tier, c.Kind, c.Venue))
            .Select(g => g.Aggregate((a, b) => a with { Start = Math.Min(a.Start, b.Start), End = Math.Max(a.End, b.End), WeightedMinutes = a.WeightedMinutes + b.WeightedMinutes }))
            .OrderBy(c => c.Tier).ThenBy(c => c.Start);

    private HashSet<uint> Excluding(CaseRecord record)
    {
        var exclude = new HashSet<uint> { record.Person };
        foreach (var exposure in record.Exposures)
        {
            if (exposure.Tier == (int)ExposureTier.F1 && _people.Find(exposure.UserId) is { } person)
                exclude.Add(person.Number);
        }
        return exclude;
    }

    private static ExposureTier DirectTier(ReportKind kind) => kind == ReportKind.Recursive ? ExposureTier.F2 : ExposureTier.F1;

    private string IssueCode(string caseId, DateTimeOffset now)
    {
        while (true)
        {
            var code = Ids.Digits(CodeLength);
            lock (_locks.For(code))
            {
                var existing = _store.ReadRecord(StoreKeys.ForVerificationCode(code), VerificationCodeRecord.Parser);
                if (existing is not null && !existing.Used && existing.ExpiresAt > now.ToUnixTimeSeconds())
                    continue;
                var key = StoreKeys.ForVerificationCode(code);
                _store.WriteRecord(key, new VerificationCodeRecord { CaseId = caseId, ExpiresAt = (now + CodeLifetime).ToUnixTimeSeconds() });
                _store.ExpireWithDay(key, now.ToUnixTimeSeconds(), Expiry.VerificationCode);
                return code;
            }
        }
    }

    private void CheckAttempts(string userId, DateTimeOffset now)
    {
        if (_wrongCodes.TryGetValue(userId, out var wrong) && now - wrong.Since < TimeSpan.FromHours(1) && wrong.Count >= MaxWrongCodesPerHour)
            throw new TracingException(TracingError.ResourceExhausted, $"Too many wrong verification codes; try again after {wrong.Since + TimeSpan.FromHours(1):HH:mm} UTC.", $"Bạn đã nhập sai mã xác minh quá nhiều lần. Bạn hãy thử lại sau {(wrong.Since + TimeSpan.FromHours(1)).ToOffset(TimeSpan.FromHours(7)):HH:mm} (giờ Việt Nam).");
    }

    private TracingException WrongCode(string userId, DateTimeOffset now)
    {
        var left = MaxWrongCodesPerHour - _wrongCodes.AddOrUpdate(userId, (1, now), (_, w) => now - w.Since >= TimeSpan.FromHours(1) ? (1, now) : (w.Count + 1, w.Since)).Count;
        return new TracingException(TracingError.PermissionDenied, "The verification code is not valid. Check the 8 digits the health department gave you.", "Mã xác minh không đúng. Bạn hãy kiểm tra 8 chữ số mà cơ quan y tế đã cấp. " + (left > 0 ? $"Bạn còn {left} lần thử trong giờ này." : "Bạn đã hết lượt thử; hãy thử lại sau một giờ."));
    }

    private void ValidateKey(DiagnosisKey key, DateTimeOffset now)
    {
        if (key.KeyData is null || key.KeyData.Length != ExposureKeyCrypto.KeyLength)
            throw new TracingException(TracingError.InvalidArgument, $"key_data must be {ExposureKeyCrypto.KeyLength} bytes, got {key.KeyData?.Length ?? 0}.", $"Khoá phơi nhiễm phải dài {ExposureKeyCrypto.KeyLength} byte (nhận được {key.KeyData?.Length ?? 0} byte).");
        if (key.RollingPeriod is < 1 or > ExposureKeyCrypto.IntervalsPerKey)
            throw new TracingException(TracingError.InvalidArgument, $"rolling_period must be 1 to {ExposureKeyCrypto.IntervalsPerKey}, got {key.RollingPeriod}.", $"Thời lượng của khoá phơi nhiễm phải từ 1 đến {ExposureKeyCrypto.IntervalsPerKey} khoảng 10 phút (nhận được {key.RollingPeriod}).");
        // A key is broadcast from its first interval on: one starting later than now (with the usual clock slack) was
        // never heard by anyone, and one that ended before the retention period has no observations left to match.
        if (key.RollingStartInterval > ExposureKeyCrypto.IntervalNumber(now + CheckIns.ClockSkew))
            throw new TracingException(TracingError.InvalidArgument, $"rolling_start_interval_number {key.RollingStartInterval} lies in the future (now is interval {ExposureKeyCrypto.IntervalNumber(now)}); check the phone's clock.", "Một khoá phơi nhiễm bắt đầu ở tương lai. Bạn hãy kiểm tra ngày giờ trên điện thoại.");
        if (key.RollingStartInterval + (long)key.RollingPeriod <= ExposureKeyCrypto.IntervalNumber(now - _rules.Retention))
            throw new TracingException(TracingError.InvalidArgument, $"The key of rolling_start_interval_number {key.RollingStartInterval} ended more than {_rules.Retention.TotalDays:0} days ago (the retention period); upload only the keys of the last 14 days.", $"Một khoá phơi nhiễm đã hết hạn hơn {_rules.Retention.TotalDays:0} ngày (thời hạn lưu trữ); chỉ gửi các khoá của 14 ngày gần nhất.");
    }
}
