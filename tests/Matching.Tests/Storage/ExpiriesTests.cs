using Google.Protobuf;
using Tracing.Matching.Records;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Tests.Storage;

/// <summary>Keys filed under a day are deleted once the day is past retention; rewritten ones only if not newer.</summary>
public sealed class ExpiriesTests : IDisposable
{
    private const long Day = 86_400;
    private const long Day0 = 18_840; // 2021-08-01
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Keys_of_swept_days_go_keys_of_kept_days_stay_and_a_rewritten_key_stays_while_its_value_is_newer()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        byte[] old = [.. "old id"u8], kept = [.. "kept id"u8], rewritten = [.. "latest declaration"u8], replaced = [.. "code"u8];
        foreach (var key in new[] { old, kept, rewritten, replaced })
            store.Upsert(key, [1]);
        store.ExpireWithDay(old, (Day0 * Day) + 100);
        store.ExpireWithDay(kept, ((Day0 + 5) * Day) + 100);
        // Filed on day 0, but by the sweep it holds a declaration of day 5: it stays.
        store.ExpireWithDay(rewritten, (Day0 * Day) + 200, Expiry.LatestDeclaration);
        store.WriteRecord(rewritten, new DeclarationRecord { SubmittedAt = ((Day0 + 5) * Day) + 1 });
        // Filed on day 0 and still holding that code when swept: it goes.
        store.ExpireWithDay(replaced, (Day0 * Day) + 300, Expiry.VerificationCode);
        store.WriteRecord(replaced, new VerificationCodeRecord { ExpiresAt = (Day0 * Day) + 1200 });
        store.AppendItem(StoreKeys.ForDeclarationsOfDay(Day0), 7u);
        store.AppendItem(StoreKeys.ForDeclarationsOfDay(Day0 + 5), 7u);

        var deleted = Expiries.DeleteDaysBefore(store, Day0 + 3, static (_, _) => false);
        var again = Expiries.DeleteDaysBefore(store, Day0 + 3, static (_, _) => false);

        Assert.Equal((2L, 0L), (deleted, again));
        Assert.Null(store.Read(old));
        Assert.Null(store.Read(replaced));
        Assert.NotNull(store.Read(kept));
        Assert.NotNull(store.Read(rewritten));
        Assert.Empty(store.ReadList<uint>(StoreKeys.ForDeclarationsOfDay(Day0)));
        Assert.Single(store.ReadList<uint>(StoreKeys.ForDeclarationsOfDay(Day0 + 5)));

        Assert.Equal(1L, Expiries.DeleteDaysBefore(store, Day0 + 6, static (_, _) => false));
        Assert.Null(store.Read(kept));
    }

    [Fact]
    public async Task Many_keys_of_one_day_are_spread_over_the_buckets_and_all_deleted()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        var keys = Enumerable.Range(0, 5_000).Select(i => StoreKeys.ForDeclaration($"k-{i}")).ToList();
        foreach (var key in keys)
        {
            store.Upsert(key, ByteString.CopyFromUtf8("x").Span);
            store.ExpireWithDay(key, (Day0 * Day) + 5);
        }

        Assert.Equal(keys.Count, Expiries.DeleteDaysBefore(store, Day0 + 1, static (_, _) => false));
        Assert.All(keys, key => Assert.Null(store.Read(key)));
    }
}
