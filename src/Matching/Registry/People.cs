using Tracing.Matching.Internal;
using Tracing.Matching.Model;
using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>The people known to the system, by user id, internal number and phone.</summary>
/// <remarks>
/// A person's name, birth year and declared phone change only through declarations about them (<see cref="Declared"/>):
/// their own, or, for a dependent, their guardian's. Signing in and manual door entries never rename anyone.
/// </remarks>
public sealed partial class People
{
    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly Sequence _numbers;
    private readonly IdentityHistory _history;
    private readonly KeyLocks _locks = new();

    internal People(FasterStore store, TimeProvider time, TracingRules rules)
    {
        _store = store;
        _time = time;
        _numbers = new Sequence(store, "person");
        _history = new IdentityHistory(store, rules);
    }

    /// <summary>Registers an anonymous, Bluetooth-only device.</summary>
    public Person RegisterDevice() => Create(new PersonRecord { Anonymous = true });

    /// <summary>
    /// The person with this phone (normalised), created if new; marks the phone verified when <paramref name="verified"/>.
    /// It never names anyone: a staff member typing a phone in at the door must not rename its owner.
    /// </summary>
    public Person ForPhone(string phone, bool verified)
    {
        lock (_locks.For(phone))
        {
            var userId = _store.Read(StoreKeys.ForPhone(phone)) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
            if (userId is not null)
            {
                // The person record is only ever rewritten under its user-id lock (see Declared).
                lock (_locks.For(userId))
                {
                    if (_store.ReadRecord(StoreKeys.ForPerson(userId), PersonRecord.Parser) is { } record)
                    {
                        if (verified && !record.PhoneVerified)
                        {
                            record.PhoneVerified = true;
                            _store.WriteRecord(StoreKeys.ForPerson(userId), record);
                        }
                        return ToPerson(record);
                    }
                }
            }
            var person = Create(new PersonRecord { Phone = phone, PhoneVerified = verified });
            _store.Upsert(StoreKeys.ForPhone(phone), System.Text.Encoding.UTF8.GetBytes(person.UserId));
            return person;
        }
    }

    /// <summary>
    /// A declaration about <paramref name="subject"/> was filed: their name and birth year become the declared ones,
    /// and a declared phone other than their own <see cref="Person.Phone"/> becomes their contact phone (never their
    /// phone, never in the phone index). The change is kept as a new version of their identity from now on.
    /// </summary>
    public Person Declared(Person subject, string fullName, int birthYear, string phone)
    {
        lock (_locks.For(subject.UserId))
        {
            if (_store.ReadRecord(StoreKeys.ForPerson(subject.UserId), PersonRecord.Parser) is not { } record)
                return subject;
            var before = ToPerson(record).Identity;
            record.FullName = fullName;
            if (birthYear > 0)
                record.BirthYear = birthYear;
            if (phone.Length > 0 && phone != record.Phone)
                record.DeclaredPhone = phone;
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            record.IdentityDeclaredAt = now;
            var key = StoreKeys.ForPerson(subject.UserId);
            _store.WriteRecord(key, record);
            _store.ExpireWithDay(key, now, Expiry.DeclaredIdentity);
            var after = ToPerson(record);
            _history.Append(record.Number, before, after.Identity, now);
            return after;
        }
    }

    /// <summary>
    /// Forgets the name, birth year and declared phone of the person stored under <paramref name="key"/> if their last
    /// declaration is older than <paramref name="cutoff"/> (unix seconds): past retention nothing they declared is kept,
    /// though they keep their user id and verified phone. True if anything was forgotten.
    /// </summary>
    internal bool ForgetIdentityDeclaredBefore(byte[] key, long cutoff)
    {
        if (_store.ReadRecord(key, PersonRecord.Parser) is not { } stored)
            return false;
        lock (_locks.For(stored.UserId))
        {
            if (_store.ReadRecord(key, PersonRecord.Parser) is not { } record || record.IdentityDeclaredAt >= cutoff)
                return false;
            if (record.FullName.Length == 0 && record.BirthYear == 0 && record.DeclaredPhone.Length == 0)
                return false;
            (record.FullName, record.BirthYear, record.DeclaredPhone) = ("", 0, "");
            _store.WriteRecord(key, record);
            return true;
        }
    }

    /// <summary>The user id of everyone registered so far, in the order they registered.</summary>
    internal IEnumerable<string> UserIds()
    {
        for (var number = 1ul; number <= _numbers.Last; number++)
        {
            if (_store.Read(StoreKeys.ForPersonNumber(checked((uint)number))) is { } id)
                yield return System.Text.Encoding.UTF8.GetString(id);
        }
    }

    /// <summary>The person with this user id, or null.</summary>
    public Person? Find(string userId)
        => userId.Length == 0 ? null : _store.ReadRecord(StoreKeys.ForPerson(userId), PersonRecord.Parser) is { } r ? ToPerson(r) : null;

    /// <summary>The person with this internal number, or null.</summary>
    public Person? Find(uint number)
        => _store.Read(StoreKeys.ForPersonNumber(number)) is { } id ? Find(System.Text.Encoding.UTF8.GetString(id)) : null;

    /// <summary>The person with this (normalised) phone, or null.</summary>
    public Person? FindByPhone(string phone)
        => _store.Read(StoreKeys.ForPhone(phone)) is { } id ? Find(System.Text.Encoding.UTF8.GetString(id)) : null;

    private Person Create(PersonRecord record)
    {
        record.UserId = Ids.New('u');
        record.Number = checked((uint)_numbers.Next());
        record.CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds();
        _store.WriteRecord(StoreKeys.ForPerson(record.UserId), record);
        _store.Upsert(StoreKeys.ForPersonNumber(record.Number), System.Text.Encoding.UTF8.GetBytes(record.UserId));
        return ToPerson(record);
    }

    private static Person ToPerson(PersonRecord r) => new(r.UserId, r.Number, r.Phone, r.Anonymous, r.PhoneVerified, r.FullName, r.BirthYear)
    {
        DeclaredPhone = r.DeclaredPhone,
        GuardianUserId = r.GuardianUserId,
    };
}
