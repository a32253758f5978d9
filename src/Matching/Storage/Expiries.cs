using System.Buffers.Binary;
using Tracing.Matching.Internal;
using Tracing.Matching.Records;

namespace Tracing.Matching.Storage;

/// <summary>Which records a filed key may hold when its day comes, and so whether it is deleted then.</summary>
internal enum Expiry : byte
{
    /// <summary>A key written once (an id, a person's day): deleted.</summary>
    Always,

    /// <summary>A person's latest declaration: deleted unless a later one (submitted within retention) replaced it.</summary>
    LatestDeclaration,

    /// <summary>A phone's one-time password: deleted unless a later one was issued since.</summary>
    OneTimePassword,

    /// <summary>A case's verification code: deleted unless the code was issued again since.</summary>
    VerificationCode,

    /// <summary>A person's identity history: deleted unless a later version was written since.</summary>
    IdentityHistory,

    /// <summary>A declarer's link to a family member: deleted unless they declared for them again since.</summary>
    Dependent,

    /// <summary>
    /// A person's record: never deleted (their user id and verified phone sign them in), but what they declared of
    /// themselves — name, birth year, declared phone — is forgotten unless they declared again since.
    /// </summary>
    DeclaredIdentity,
}

/// <summary>
/// Retention for the general store: a record that holds a person's data is filed, when written, under its UTC day;
/// once that day is past the retention period, <see cref="DeleteDaysBefore"/> deletes it, and the day's own lists
/// (declarations and assessments of the day). A key that may be rewritten later is filed with the kind of record it
/// holds, and deleted only if what it holds then is as old.
/// </summary>
/// <remarks>
/// A day's keys are spread over <see cref="Buckets"/> lists so that no list outgrows a log page (4 MiB): some
/// 40 million filed keys a day before a bucket's list nears it.
/// </remarks>
internal static class Expiries
{
    /// <summary>Lists per day.</summary>
    public const int Buckets = 256;

    /// <summary>The first day whose lists have not been swept yet (0: never swept).</summary>
    private const string SweptUntil = "expiries-swept-until";

    /// <summary>How far back the very first sweep looks: keys are filed only from the day this code first ran.</summary>
    private const long FirstSweepLookBack = 60;

    private const int EntryHeader = 1 + sizeof(ushort);

    /// <summary>Files <paramref name="key"/> to be deleted with the data of the day of <paramref name="writtenAt"/> (unix seconds).</summary>
    public static void ExpireWithDay(this FasterStore store, ReadOnlySpan<byte> key, long writtenAt, Expiry kind = Expiry.Always)
    {
        // Any spread will do (the sweep reads every bucket of a day), so the process-seeded hash is fine.
        var hash = new HashCode();
        hash.AddBytes(key);
        var bucket = (uint)hash.ToHashCode() % Buckets;
        Span<byte> entry = stackalloc byte[EntryHeader + key.Length];
        entry[0] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(entry[1..], checked((ushort)key.Length));
        key.CopyTo(entry[EntryHeader..]);
        store.Append(StoreKeys.ForExpiring(Days.Of(writtenAt), (int)bucket), entry);
    }

    /// <summary>Deletes what was filed under the days before <paramref name="firstKeptDay"/>; returns how many keys.</summary>
    /// <param name="store">The general store.</param>
    /// <param name="firstKeptDay">The oldest day retention keeps.</param>
    /// <param name="forgetIdentity">
    /// Forgets what a person declared of themselves, for a key filed as <see cref="Expiry.DeclaredIdentity"/>, if they
    /// have not declared since the cutoff (unix seconds); true if anything was forgotten. The person's registry does it,
    /// under the person's lock.
    /// </param>
    public static long DeleteDaysBefore(FasterStore store, long firstKeptDay, Func<byte[], long, bool> forgetIdentity)
    {
        var swept = (long)store.ReadCounter(SweptUntil);
        var from = swept == 0 ? firstKeptDay - FirstSweepLookBack : swept;
        var cutoff = firstKeptDay * Days.Seconds;
        long deleted = 0;
        for (var day = from; day < firstKeptDay; day++)
        {
            for (var bucket = 0; bucket < Buckets; bucket++)
            {
                var list = StoreKeys.ForExpiring(day, bucket);
                if (store.Read(list) is not { } entries)
                    continue;
                for (var at = 0; at < entries.Length;)
                {
                    var kind = (Expiry)entries[at];
                    var length = BinaryPrimitives.ReadUInt16LittleEndian(entries.AsSpan(at + 1));
                    var key = entries.AsSpan(at + EntryHeader, length);
                    if (kind == Expiry.DeclaredIdentity)
                    {
                        if (forgetIdentity(key.ToArray(), cutoff))
                            deleted++;
                    }
                    else if (kind == Expiry.Always || HoldsOnlyOlder(store, key, kind, cutoff))
                    {
                        store.Delete(key);
                        deleted++;
                    }
                    at += EntryHeader + length;
                }
                store.Delete(list);
            }
            store.Delete(StoreKeys.ForDeclarationsOfDay(day));
            store.Delete(StoreKeys.ForAssessmentsOfDay(day));
        }
        if (firstKeptDay > swept)
            store.WriteCounter(SweptUntil, (ulong)firstKeptDay);
        return deleted;
    }

    private static bool HoldsOnlyOlder(FasterStore store, ReadOnlySpan<byte> key, Expiry kind, long cutoff)
    {
        var stored = store.Read(key);
        if (stored is null)
            return false;
        return kind switch
        {
            Expiry.LatestDeclaration => DeclarationRecord.Parser.ParseFrom(stored).SubmittedAt < cutoff,
            Expiry.OneTimePassword => OtpRecord.Parser.ParseFrom(stored).SentAt < cutoff,
            Expiry.IdentityHistory => IdentityHistoryRecord.Parser.ParseFrom(stored).WrittenAt < cutoff,
            Expiry.Dependent => DependentRecord.Parser.ParseFrom(stored).DeclaredAt < cutoff,
            _ => VerificationCodeRecord.Parser.ParseFrom(stored).ExpiresAt < cutoff,
        };
    }
}
