using System.Text;
using Tracing.Matching.Storage;

namespace Tracing.Matching.Tests.Storage;

public sealed class FasterStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Upsert_then_read_returns_the_value_and_absent_keys_read_null()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        store.Upsert("a"u8, "first"u8);
        store.Upsert("a"u8, "second, longer value"u8);
        Assert.Equal("second, longer value", Encoding.UTF8.GetString(store.Read("a"u8)!));
        Assert.Null(store.Read("missing"u8));
    }

    [Fact]
    public async Task Append_grows_a_list_in_order_past_its_initial_capacity()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        var expected = new List<byte>();
        for (var i = 0; i < 1000; i++)
        {
            var item = BitConverter.GetBytes(i);
            store.Append("list"u8, item);
            expected.AddRange(item);
            if (i % 97 == 0)
                await store.WaitForCommitAsync(); // folds the log over, so later appends copy the record
        }
        Assert.Equal(expected.ToArray(), store.Read("list"u8));
    }

    [Fact]
    public async Task Delete_removes_a_key()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        store.Upsert("k"u8, "v"u8);
        store.Delete("k"u8);
        Assert.Null(store.Read("k"u8));
    }

    [Fact]
    public async Task Committed_writes_survive_closing_and_reopening()
    {
        await using (var store = FasterStore.Open(StoreOptions.Small(_directory.Path)))
        {
            for (var i = 0; i < 500; i++)
            {
                store.Upsert(Encoding.UTF8.GetBytes($"key-{i}"), Encoding.UTF8.GetBytes($"value-{i}"));
                store.Append("list"u8, [(byte)i]);
            }
            await store.WaitForCommitAsync();
        }
        await using (var reopened = FasterStore.Open(StoreOptions.Small(_directory.Path)))
        {
            for (var i = 0; i < 500; i++)
                Assert.Equal($"value-{i}", Encoding.UTF8.GetString(reopened.Read(Encoding.UTF8.GetBytes($"key-{i}"))!));
            Assert.Equal(Enumerable.Range(0, 500).Select(i => (byte)i).ToArray(), reopened.Read("list"u8));
            reopened.Append("list"u8, [7]);
            Assert.Equal(501, reopened.Read("list"u8)!.Length);
        }
    }

    [Fact]
    public async Task Many_concurrent_writers_share_group_commits()
    {
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (i, ct) =>
        {
            store.Append("shared"u8, BitConverter.GetBytes(i));
            await store.WaitForCommitAsync(ct);
        });
        var values = store.Read("shared"u8)!.Chunk(4).Select(c => BitConverter.ToInt32(c)).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 200).ToArray(), values);
    }

    [Fact]
    public async Task A_log_checkpoint_holds_the_writes_made_before_its_version_shift_and_none_made_after()
    {
        // The scan days let their writers go on once the version has shifted: what they write then must wait for the
        // next checkpoint, or a checkpoint could hold half a scan.
        var live = Path.Combine(_directory.Path, "live");
        var image = Path.Combine(_directory.Path, "image");
        var options = StoreOptions.Small(live) with { NamesItsCheckpoints = true };
        await using (var store = FasterStore.Open(options))
        {
            // The first checkpoint saves the index too; the second only the log's gain.
            for (var round = 0; round < 2; round++)
            {
                store.Upsert(Encoding.UTF8.GetBytes($"before-{round}"), "v"u8);
                var shifted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var checkpoint = store.CheckpointLogAsync(shifted);
                await shifted.Task;
                store.Upsert(Encoding.UTF8.GetBytes($"after-{round}"), "v"u8);
                await checkpoint;
            }
            CrashImage.Copy(live, image);
        }

        await using var recovered = FasterStore.Open(options with { Directory = image });
        Assert.NotNull(recovered.Read("before-0"u8));
        Assert.NotNull(recovered.Read("after-0"u8));
        Assert.NotNull(recovered.Read("before-1"u8));
        Assert.Null(recovered.Read("after-1"u8));
    }
}
