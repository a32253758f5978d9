using Tracing.Matching.Internal;
using Tracing.Matching.Model;
using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>What the engine needs of a health declaration; the whole form travels as opaque bytes.</summary>
public sealed record DeclarationForm(string FullName, int BirthYear, string Phone, int Kind, bool OnBehalf, byte[] Form)
{
    /// <summary>Where the declarant lives or stays, for the roll-out coverage report (none: not counted by region).</summary>
    public Reports.RegionCodes? Region { get; init; }

    /// <summary>The answers the declaration is screened by (<see cref="HealthScreening"/>); none: all "no".</summary>
    public HealthAnswers Answers { get; init; } = HealthAnswers.None;
}

/// <summary>A filed declaration, how long it is valid, and its screening (unscreened for one stored before screening existed).</summary>
public sealed record Declaration(string DeclarationId, string SubjectUserId, DateTimeOffset SubmittedAt, DateTimeOffset ValidUntil, ScreeningOutcome Screening);

/// <summary>Health declarations (tờ khai y tế): each is valid for a configurable time after filing.</summary>
public sealed class Declarations
{
    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly People _people;
    private readonly TracingRules _rules;

    internal Declarations(FasterStore store, TimeProvider time, People people, TracingRules rules)
    {
        _store = store;
        _time = time;
        _people = people;
        _rules = rules;
    }

    /// <summary>
    /// Files a declaration by <paramref name="submitter"/>: about themselves, or with <see cref="DeclarationForm.OnBehalf"/>
    /// about a family member, who is the submitter's dependent (<see cref="People.DependentOf"/>), never the person who
    /// owns the phone the form names. The declaration is the subject's: it counts for their scans.
    /// </summary>
    public Declaration Submit(Person submitter, DeclarationForm form)
    {
        if (form.OnBehalf && form.Phone.Length > 0 && form.Phone == submitter.Phone)
            throw new TracingException(TracingError.InvalidArgument, "on_behalf is set but the phone is your own: clear on_behalf to declare for yourself, or leave phone empty for a family member without a phone of their own.", "Số điện thoại này là của chính bạn. Để tự khai báo, hãy bỏ chọn khai hộ; để khai hộ người thân không có điện thoại, hãy để trống Số điện thoại.");
        var subject = form.OnBehalf ? _people.DependentOf(submitter, form.FullName, form.BirthYear, form.Phone) : submitter;
        var now = _time.GetUtcNow();
        var screening = HealthScreening.Of(form.Answers);
        var record = new DeclarationRecord
        {
            DeclarationId = Ids.New('d'),
            SubmittedBy = submitter.UserId,
            SubjectUserId = subject.UserId,
            SubmittedAt = now.ToUnixTimeSeconds(),
            ValidUntil = (now + _rules.DeclarationValidity).ToUnixTimeSeconds(),
            Kind = form.Kind,
            OnBehalf = form.OnBehalf,
            FullName = form.FullName,
            Phone = form.Phone,
            Form = Google.Protobuf.ByteString.CopyFrom(form.Form),
            Screening = (int)screening.Colour,
            ScreeningReasons = { screening.Reasons },
        };
        var declarationKey = StoreKeys.ForDeclaration(record.DeclarationId);
        var subjectKey = StoreKeys.ForDeclarationOfSubject(subject.UserId);
        _store.WriteRecord(declarationKey, record);
        _store.WriteRecord(subjectKey, record);
        _store.ExpireWithDay(declarationKey, record.SubmittedAt);
        _store.ExpireWithDay(subjectKey, record.SubmittedAt, Expiry.LatestDeclaration);
        if (form.Region is { } region && Reports.RegionCodes.Numeric(region) is { } codes)
            _store.AppendItem(StoreKeys.ForDeclarationsOfDay(VietnamTime.DayNumberOf(record.SubmittedAt)), codes);
        _people.Declared(subject, form.FullName, form.BirthYear, form.Phone);
        return ToDeclaration(record);
    }

    /// <summary>The person's latest declaration, valid or not; null if they never declared.</summary>
    public Declaration? Latest(string userId)
        => _store.ReadRecord(StoreKeys.ForDeclarationOfSubject(userId), DeclarationRecord.Parser) is { } r ? ToDeclaration(r) : null;

    /// <summary>Whether the person has a declaration valid at <paramref name="at"/>.</summary>
    public bool IsValid(string userId, DateTimeOffset at) => ValidAt(userId, at) is not null;

    /// <summary>The person's declaration valid at <paramref name="at"/> (the one that counts for a scan then), or null.</summary>
    public Declaration? ValidAt(string userId, DateTimeOffset at) => Latest(userId) is { } d && d.SubmittedAt <= at && at < d.ValidUntil ? d : null;

    /// <summary>A stored declaration as read: one stored before screening existed reads as unscreened.</summary>
    internal static Declaration ToDeclaration(DeclarationRecord r) => new(
        r.DeclarationId,
        r.SubjectUserId,
        DateTimeOffset.FromUnixTimeSeconds(r.SubmittedAt),
        DateTimeOffset.FromUnixTimeSeconds(r.ValidUntil),
        new ScreeningOutcome(Enum.IsDefined((ScreeningColour)r.Screening) ? (ScreeningColour)r.Screening : ScreeningColour.Unscreened, [.. r.ScreeningReasons]));
}
