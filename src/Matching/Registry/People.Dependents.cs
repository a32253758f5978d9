using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

public sealed partial class People
{
    /// <summary>
    /// The family member <paramref name="guardian"/> declares for (SPEC §2 "khai hộ"), created on the first declaration:
    /// a person of their own with <paramref name="guardian"/> as guardian, found again by their phone if the form names
    /// one, else by name and birth year. Never the person who owns that phone: a declaration on behalf renames no one
    /// but the guardian's own dependent.
    /// </summary>
    public Person DependentOf(Person guardian, string fullName, int birthYear, string phone)
    {
        var dependentKey = phone.Length > 0
            ? "phone:" + phone
            : $"name:{fullName.Trim().ToUpperInvariant()}:{birthYear}";
        var key = StoreKeys.ForDependent(guardian.UserId, dependentKey);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_locks.For(guardian.UserId + "\n" + dependentKey))
        {
            var link = _store.ReadRecord(key, DependentRecord.Parser);
            var dependent = link is null ? null : Find(link.UserId);
            dependent ??= Create(new PersonRecord { GuardianUserId = guardian.UserId, DeclaredPhone = phone });
            // The link lives as long as declarations for them do (retention): rewritten and filed again each time.
            _store.WriteRecord(key, new DependentRecord { UserId = dependent.UserId, DeclaredAt = now });
            _store.ExpireWithDay(key, now, Expiry.Dependent);
            return dependent;
        }
    }

    /// <summary>
    /// <paramref name="caller"/> when <paramref name="subjectUserId"/> is empty or their own, else the dependent with that
    /// user id if <paramref name="caller"/> is their guardian; anyone else is refused (a person's code names them at the door).
    /// </summary>
    public Person SelfOrDependent(Person caller, string subjectUserId)
    {
        if (subjectUserId.Length == 0 || subjectUserId == caller.UserId)
            return caller;
        if (Find(subjectUserId) is { } dependent && dependent.GuardianUserId == caller.UserId)
            return dependent;
        throw new TracingException(TracingError.PermissionDenied, $"'{subjectUserId}' is not a family member you declared for: only the person who declares for a dependent (on_behalf) gets their code; others sign in themselves.", "Người này không phải người thân mà bạn đã khai hộ. Chỉ người khai hộ mới xem được mã của họ; người khác cần tự đăng nhập bằng số điện thoại của mình.");
    }
}
