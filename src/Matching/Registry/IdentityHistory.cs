using Tracing.Matching.Model;
using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Registry;

/// <summary>
/// Identity per scan (SPEC §2): each change of a person's name, birth year or phone is kept as a version from the
/// time it took effect, and a manual door entry keeps the visitor as staff typed them in. Both expire with retention
/// (<see cref="Expiries"/>); the packed scan events stay as they are.
/// </summary>
internal sealed class IdentityHistory(FasterStore store, TracingRules rules)
{
    /// <summary>
    /// Adds the version <paramref name="now"/> from <paramref name="at"/> (unix seconds) to a person whose identity was
    /// <paramref name="before"/>; the caller holds the person's lock. Versions superseded before retention are dropped.
    /// </summary>
    public void Append(uint person, PersonIdentity before, PersonIdentity now, long at)
    {
        if (before == now)
            return;
        var key = StoreKeys.ForIdentityHistory(person);
        // The first version kept says who the person was before it: a scan received earlier shows that.
        var record = store.ReadRecord(key, IdentityHistoryRecord.Parser) ?? new IdentityHistoryRecord { Versions = { ToVersion(before, 0) } };
        var cutoff = at - (long)rules.Retention.TotalSeconds;
        while (record.Versions.Count > 1 && record.Versions[1].EffectiveAt <= cutoff)
            record.Versions.RemoveAt(0);
        record.Versions.Add(ToVersion(now, at));
        record.WrittenAt = at;
        store.WriteRecord(key, record);
        store.ExpireWithDay(key, at, Expiry.IdentityHistory);
    }

    /// <summary>The person's versions; <paramref name="current"/> alone when none are kept (never changed within retention).</summary>
    public IdentityTimeline Of(uint person, PersonIdentity current)
    {
        if (store.ReadRecord(StoreKeys.ForIdentityHistory(person), IdentityHistoryRecord.Parser) is not { } record || record.Versions.Count == 0)
            return new IdentityTimeline([0], [current]);
        var from = new long[record.Versions.Count];
        var identities = new PersonIdentity[record.Versions.Count];
        for (var i = 0; i < from.Length; i++)
            (from[i], identities[i]) = (record.Versions[i].EffectiveAt, ToIdentity(record.Versions[i]));
        return new IdentityTimeline(from, identities);
    }

    /// <summary>Keeps the visitor of a manual door entry as staff typed them in, with the scan's day.</summary>
    public void RecordTyped(uint person, uint venue, long at, uint controller, ScanDirection direction, PersonIdentity typed)
    {
        var key = StoreKeys.ForTypedIdentity(person, venue, at, controller, (byte)direction);
        store.WriteRecord(key, ToVersion(typed, at));
        store.ExpireWithDay(key, at);
    }

    /// <summary>The visitor of a manual door entry as staff typed them in, or null (not a manual entry, or from before this was kept).</summary>
    public PersonIdentity? Typed(in ScanEvent scan)
        => scan.Method == ScanMethod.Manual && store.ReadRecord(TypedKey(scan), IdentityVersion.Parser) is { } version ? ToIdentity(version) : null;

    private static byte[] TypedKey(in ScanEvent scan) => StoreKeys.ForTypedIdentity(scan.Person, scan.Venue, scan.At, scan.Controller, (byte)scan.Direction);

    private static IdentityVersion ToVersion(PersonIdentity identity, long at)
        => new() { EffectiveAt = at, FullName = identity.FullName, BirthYear = identity.BirthYear, Phone = identity.Phone };

    private static PersonIdentity ToIdentity(IdentityVersion version) => new(version.FullName, version.BirthYear, version.Phone);
}
