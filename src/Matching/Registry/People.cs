using Tracing.Matching.Internal;
using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>The people known to the system, by user id, internal number and phone.</summary>
public sealed class People
{
    private readonly FasterStore _store;
    private readonly TimeProvider _time;
    private readonly Sequence _numbers;
    private readonly KeyLocks _locks = new();

    internal People(FasterStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        _numbers = new Sequence(store, "person");
    }

    /// <summary>Registers an anonymous, Bluetooth-only device.</summary>
    public Person RegisterDevice() => Create(phone: "", anonymous: true, verified: false, fullName: "", birthYear: 0);

    /// <summary>The person with this phone (normalised), created if new; marks the phone verified when <paramref name="verified"/>.</summary>
    public Person ForPhone(string phone, bool verified, string fullName = "", int birthYear = 0)
    {
        lock (_locks.For(phone))
        {
            var userId = _store.Read(StoreKeys.ForPhone(phone)) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null;
            if (userId is not null)
            {
                // The person record is only ever rewritten under its user-id lock (see UpdateDetails).
                lock (_locks.For(userId))
                {
                    if (_store.ReadRecord(StoreKeys.ForPerson(userId), PersonRecord.Parser) is { } record)
                        return Completed(record, verified, fullName, birthYear);
                }
            }
            var person = Create(phone, anonymous: false, verified, fullName, birthYear);
            _store.Upsert(StoreKeys.ForPhone(phone), System.Text.Encoding.UTF8.GetBytes(person.UserId));
            return person;
        }
    }

    /// <summary>Marks the phone verified and fills a missing name or birth year, writing only if anything changed.</summary>
    private Person Completed(PersonRecord record, bool verified, string fullName, int birthYear)
    {
        var changed = false;
        if (verified && !record.PhoneVerified)
            (record.PhoneVerified, changed) = (true, true);
        if (fullName.Length > 0 && record.FullName.Length == 0)
            (record.FullName, changed) = (fullName, true);
        if (birthYear > 0 && record.BirthYear == 0)
            (record.BirthYear, changed) = (birthYear, true);
        if (changed)
            _store.WriteRecord(StoreKeys.ForPerson(record.UserId), record);
        return ToPerson(record);
    }

    /// <summary>Updates the name and birth year shown for a person (from their latest health declaration).</summary>
    public void UpdateDetails(string userId, string fullName, int birthYear)
    {
        lock (_locks.For(userId))
        {
            if (_store.ReadRecord(StoreKeys.ForPerson(userId), PersonRecord.Parser) is not { } record)
                return;
            record.FullName = fullName;
            if (birthYear > 0)
                record.BirthYear = birthYear;
            _store.WriteRecord(StoreKeys.ForPerson(userId), record);
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

    private Person Create(string phone, bool anonymous, bool verified, string fullName, int birthYear)
    {
        var record = new PersonRecord
        {
            UserId = Ids.New('u'),
            Number = checked((uint)_numbers.Next()),
            Phone = phone,
            Anonymous = anonymous,
            PhoneVerified = verified,
            CreatedAt = _time.GetUtcNow().ToUnixTimeSeconds(),
            FullName = fullName,
            BirthYear = birthYear,
        };
        _store.WriteRecord(StoreKeys.ForPerson(record.UserId), record);
        _store.Upsert(StoreKeys.ForPersonNumber(record.Number), System.Text.Encoding.UTF8.GetBytes(record.UserId));
        return ToPerson(record);
    }

    private static Person ToPerson(PersonRecord r) => new(r.UserId, r.Number, r.Phone, r.Anonymous, r.PhoneVerified, r.FullName, r.BirthYear);
}
