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
        var options = StoreOptions.Small(live) with { MadeDurableByOwner = true };
        await using (var store = FasterStore.Open(options))
        {
            // The first checkpoint saves the index too; the second only the log's gain.
            for (var round = 0; round < 2; round++)
            {
                store.Upsert(Encoding.UTF8.GetBytes($"before-{round}"), "v"u8);
                await store.CheckpointIndexIfDueAsync();
                var checkpoint = store.StartLogCheckpoint();
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Committed_writes_come_back_exactly_once_after_a_crash_while_checkpoints_run(int seed)
    {
        // Four writers upsert, append to and delete their own keys, and append to one shared list, while checkpoints
        // run back to back; the files are copied as a kill -9 leaves them. Each key must come back as the reference model
        // of its writer's operations says: a write the checkpoint holds and the log replays again would count twice.
        var live = Path.Combine(_directory.Path, "live");
        var image = Path.Combine(_directory.Path, "image");
        var options = StoreOptions.Small(live) with { CheckpointInterval = TimeSpan.FromMilliseconds(20) };
        const int Writers = 4;
        var models = new Dictionary<string, byte[]?>[Writers];
        await using (var store = FasterStore.Open(options))
        {
            using var stop = new CancellationTokenSource();
            var checkpoints = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                    await store.CheckpointAsync();
            });
            await Parallel.ForEachAsync(Enumerable.Range(0, Writers), async (writer, _) =>
            {
                var random = new Random(seed * 100 + writer);
                var model = models[writer] = [];
                for (var i = 0; i < 400; i++)
                {
                    var key = $"w{writer}-k{random.Next(12)}";
                    var keyBytes = Encoding.UTF8.GetBytes(key);
                    var item = BitConverter.GetBytes(i);
                    switch (random.Next(3))
                    {
                        case 0:
                            store.Upsert(keyBytes, item);
                            model[key] = item;
                            break;
                        case 1:
                            store.Append(keyBytes, item);
                            model[key] = [.. model.GetValueOrDefault(key) ?? [], .. item];
                            break;
                        default:
                            store.Delete(keyBytes);
                            model[key] = null;
                            break;
                    }
                    store.Append("shared"u8, BitConverter.GetBytes(writer * 1000 + i));
                    if (random.Next(8) == 0)
                        await store.WaitForCommitAsync();
                }
            });
            // The copy is no single moment if a checkpoint runs meanwhile: they stop first, and the writes after the
            // last one are in the log only.
            await stop.CancelAsync();
            await checkpoints;
            store.Append("shared"u8, BitConverter.GetBytes(-1));
            await store.WaitForCommitAsync();
            CrashImage.Copy(live, image);
        }

        await using var recovered = FasterStore.Open(options with { Directory = image });
        foreach (var (key, expected) in models.SelectMany(m => m))
            Assert.Equal(expected, recovered.Read(Encoding.UTF8.GetBytes(key)));
        var shared = recovered.Read("shared"u8)!.Chunk(4).Select(c => BitConverter.ToInt32(c)).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, Writers).SelectMany(w => Enumerable.Range(w * 1000, 400)).Prepend(-1).ToArray(), shared);
    }

    [Fact]
    public async Task A_restart_after_a_crash_goes_on_logging_where_the_log_ends()
    {
        // Twice crashed and reopened: writes after the first recovery must be replayed after the second one too.
        var options = StoreOptions.Small(Path.Combine(_directory.Path, "0"));
        for (var generation = 0; generation < 3; generation++)
        {
            var next = Path.Combine(_directory.Path, (generation + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await using (var store = FasterStore.Open(options))
            {
                for (var g = 0; g < generation; g++)
                    Assert.Equal(Enumerable.Range(0, 50).Select(i => (byte)i).ToArray(), store.Read(Encoding.UTF8.GetBytes($"list-{g}")));
                for (var i = 0; i < 50; i++)
                    store.Append(Encoding.UTF8.GetBytes($"list-{generation}"), [(byte)i]);
                if (generation == 1)
                    await store.CheckpointAsync();
                store.Upsert("generation"u8, [(byte)generation]);
                await store.WaitForCommitAsync();
                CrashImage.Copy(options.Directory, next);
            }
            options = options with { Directory = next };
        }
        await using var last = FasterStore.Open(options);
        Assert.Equal([2], last.Read("generation"u8));
        for (var g = 0; g < 3; g++)
            Assert.Equal(50, last.Read(Encoding.UTF8.GetBytes($"list-{g}"))!.Length);
    }

    [Fact]
    public async Task Opening_a_store_keeps_pool_threads_ready_for_its_io_while_scans_block_on_a_day()
    {
        // FASTER's I/O on Linux runs on the pool, and a checkpoint step waits for it on a thread that may hold a day's
        // writer lock (PoolFloor): the pool must start threads for it without its half-second delay.
        await using var store = FasterStore.Open(StoreOptions.Small(_directory.Path));
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= PoolFloor.ThreadsPerCore * Environment.ProcessorCount, $"the pool starts {workers} worker threads without delay");
    }
}
