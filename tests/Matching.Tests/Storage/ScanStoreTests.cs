using Tracing.Matching.Model;
using Tracing.Matching.Storage.Scans;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// The scan store: day stores plus a write-ahead log. A crash is simulated by copying the folder of a store that
/// is still open after its writes were acknowledged: what a <c>kill -9</c> leaves on disk.
/// </summary>
public sealed class ScanStoreTests : IDisposable
{
    private static readonly long Day0 = new DateTimeOffset(2021, 8, 20, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
    private static readonly ScanOptions Options = ScanOptions.Small with { CheckpointInterval = TimeSpan.FromHours(1), IndexCheckpointInterval = TimeSpan.FromHours(1) };
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_acknowledged_scan_is_there_exactly_once_after_a_crash_before_and_after_a_checkpoint()
    {
        var scans = Enumerable.Range(0, 300).Select(ScanNumber).ToArray();
        var image = Path.Combine(_directory.Path, "image");
        await using (var store = new ScanStore(Path.Combine(_directory.Path, "live"), Options))
        {
            foreach (var (receipt, scan) in scans[..150])
                Assert.Null(store.RecordOnce(receipt, scan));
            await store.WaitForCommitAsync();
            // Some of these land before the checkpoint's log position, some after: a replay must skip what it holds.
            await Task.WhenAll(store.CheckpointAsync(), Task.Run(() =>
            {
                foreach (var (receipt, scan) in scans[150..200])
                    Assert.Null(store.RecordOnce(receipt, scan));
            }));
            foreach (var (receipt, scan) in scans[200..])
                Assert.Null(store.RecordOnce(receipt, scan));
            await store.WaitForCommitAsync();
            CrashImage.Copy(Path.Combine(_directory.Path, "live"), image);
        }

        await using var recovered = new ScanStore(image, Options);
        AssertHolds(recovered, scans);
    }

    [Fact]
    public async Task Scans_recorded_while_a_checkpoint_runs_are_there_exactly_once_after_a_crash()
    {
        // Writes go on from before the checkpoint starts until after it ends, so some are in a day's snapshot and
        // also after the log position the replay starts from: the replay must not add them twice.
        var recorded = 0;
        var image = Path.Combine(_directory.Path, "image");
        await using (var store = new ScanStore(Path.Combine(_directory.Path, "live"), Options))
        {
            for (; recorded < 500; recorded++)
                Record(store, recorded);
            var checkpoint = store.CheckpointAsync();
            while (!checkpoint.IsCompleted)
                Record(store, recorded++);
            await checkpoint;
            for (var end = recorded + 100; recorded < end; recorded++)
                Record(store, recorded);
            await store.WaitForCommitAsync();
            CrashImage.Copy(Path.Combine(_directory.Path, "live"), image);
        }

        await using var recovered = new ScanStore(image, Options);
        AssertHolds(recovered, Enumerable.Range(0, recorded).Select(ScanNumber).ToArray());
    }

    [Fact]
    public async Task A_crash_after_any_of_several_checkpoints_written_through_finds_every_scan_exactly_once()
    {
        // A day's writers go on once its checkpoint has moved to the next version, while its log is flushed: every
        // checkpoint, the first (index too) and the log-only ones after it, must still hold whole scans only.
        var live = Path.Combine(_directory.Path, "live");
        var recorded = 0;
        var images = new List<(string Folder, int Recorded)>();
        await using (var store = new ScanStore(live, Options))
        {
            for (var round = 0; round < 4; round++)
            {
                var checkpoint = store.CheckpointAsync();
                while (!checkpoint.IsCompleted)
                    Record(store, recorded++);
                await checkpoint;
                Record(store, recorded++);
                await store.WaitForCommitAsync();
                var image = Path.Combine(_directory.Path, $"image-{round}");
                CrashImage.Copy(live, image);
                images.Add((image, recorded));
            }
        }

        foreach (var (folder, count) in images)
        {
            await using var recovered = new ScanStore(folder, Options);
            AssertHolds(recovered, Enumerable.Range(0, count).Select(ScanNumber).ToArray());
        }
    }

    [Fact]
    public async Task Checkpoints_after_the_first_save_only_the_log_and_a_crash_still_loses_nothing()
    {
        // Each round appends to the same venues and itineraries: after a checkpoint, their records are read-only and
        // the next append copies them. Only the first checkpoint saves the hash index; every later one is the log's
        // gain, and the write-ahead log before it is dropped, so a restart must rebuild the index from the day's log.
        var scans = Enumerable.Range(0, 400).Select(ScanNumber).ToArray();
        var live = Path.Combine(_directory.Path, "live");
        var image = Path.Combine(_directory.Path, "image");
        string[] firstIndexes = [];
        await using (var store = new ScanStore(live, Options))
        {
            for (var round = 0; round < 3; round++)
            {
                foreach (var (receipt, scan) in scans[(round * 100)..((round + 1) * 100)])
                    Assert.Null(store.RecordOnce(receipt, scan));
                await store.WaitForCommitAsync();
                await store.CheckpointAsync();
                if (round == 0)
                    firstIndexes = IndexCheckpoints(live);
            }
            Assert.Equal(3, firstIndexes.Length);
            Assert.Equal(firstIndexes, IndexCheckpoints(live));
            CrashImage.Copy(live, image);
        }

        // The restart goes on from the index it recovered: its next checkpoint saves the log only, and a second crash loses nothing either.
        var second = Path.Combine(_directory.Path, "second");
        await using (var recovered = new ScanStore(image, Options))
        {
            AssertHolds(recovered, scans[..300]);
            foreach (var (receipt, scan) in scans[300..])
                Assert.Null(recovered.RecordOnce(receipt, scan));
            await recovered.WaitForCommitAsync();
            await recovered.CheckpointAsync();
            Assert.Equal(firstIndexes, IndexCheckpoints(image));
            CrashImage.Copy(image, second);
        }

        await using var again = new ScanStore(second, Options);
        AssertHolds(again, scans);
    }

    [Fact]
    public async Task The_index_is_saved_again_once_its_interval_has_passed()
    {
        var scans = Enumerable.Range(0, 200).Select(ScanNumber).ToArray();
        var live = Path.Combine(_directory.Path, "live");
        var image = Path.Combine(_directory.Path, "image");
        await using (var store = new ScanStore(live, Options with { IndexCheckpointInterval = TimeSpan.Zero }))
        {
            foreach (var (receipt, scan) in scans[..100])
                Assert.Null(store.RecordOnce(receipt, scan));
            await store.CheckpointAsync();
            var first = IndexCheckpoints(live);
            foreach (var (receipt, scan) in scans[100..])
                Assert.Null(store.RecordOnce(receipt, scan));
            await store.WaitForCommitAsync();
            await store.CheckpointAsync();
            Assert.Equal(first.Length, IndexCheckpoints(live).Length);
            Assert.Empty(first.Intersect(IndexCheckpoints(live)));
            CrashImage.Copy(live, image);
        }

        await using var recovered = new ScanStore(image, Options);
        AssertHolds(recovered, scans);
    }

    /// <summary>The hash index checkpoints of every day of the store, as day and token.</summary>
    private static string[] IndexCheckpoints(string store)
        => [.. Directory.GetDirectories(store, "day-*").Order(StringComparer.Ordinal)
            .SelectMany(day => Directory.GetDirectories(Path.Combine(day, "checkpoints", "index-checkpoints")).Select(token => $"{Path.GetFileName(day)}/{Path.GetFileName(token)}"))];

    [Fact]
    public async Task A_scan_delivered_many_times_at_once_is_recorded_once()
    {
        var scans = Enumerable.Range(0, 40).Select(ScanNumber).ToArray();
        await using var store = new ScanStore(Path.Combine(_directory.Path, "live"), Options);
        using var start = new Barrier(8);
        // Eight deliveries of each scan race each other; exactly one of them records it.
        var firsts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return scans.Count(s => store.RecordOnce(s.Receipt, s.Scan) is null);
        })));
        Assert.Equal(scans.Length, firsts.Sum());
        AssertHolds(store, scans);
    }

    private static void Record(ScanStore store, int i)
    {
        var (receipt, scan) = ScanNumber(i);
        Assert.Null(store.RecordOnce(receipt, scan));
    }

    [Fact]
    public async Task Dropped_days_are_deleted_and_do_not_come_back_after_a_crash()
    {
        var scans = Enumerable.Range(0, 30).Select(ScanNumber).ToArray();
        var image = Path.Combine(_directory.Path, "image");
        var live = Path.Combine(_directory.Path, "live");
        await using (var store = new ScanStore(live, Options))
        {
            foreach (var (receipt, scan) in scans)
                Assert.Null(store.RecordOnce(receipt, scan));
            await store.WaitForCommitAsync();
            // No checkpoint: the dropped days' scans are still in the write-ahead log.
            await store.DropDaysBeforeAsync(Day0 / 86_400 + 2);
            Assert.Equal([Day0 / 86_400 + 2], store.StoredDays());
            Assert.False(Directory.Exists(Path.Combine(live, $"day-{Day0 / 86_400}")));
            var gone = new List<ScanEvent>();
            store.ReadVenue(scans[0].Scan.Venue, Days(scans[0].Scan), gone);
            Assert.Empty(gone);
            CrashImage.Copy(live, image);
        }

        await using var recovered = new ScanStore(image, Options);
        Assert.Equal([Day0 / 86_400 + 2], recovered.StoredDays());
        AssertHolds(recovered, scans.Where(s => Days(s.Scan) >= Day0 / 86_400 + 2).ToArray());
    }

    /// <summary>Scan <paramref name="i"/>: five venues, seven people, three days.</summary>
    private static (string Receipt, ScanEvent Scan) ScanNumber(int i)
    {
        var at = Day0 + (i % 3 * 86_400) + (i * 37 % 86_400);
        return ($"u-{i % 7}\nevent-{i}", new ScanEvent((uint)(i % 7) + 1, (uint)(i % 5) + 1, at, at + 5, 0, ScanDirection.In, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.None));
    }

    private static long Days(ScanEvent scan) => scan.At / 86_400;

    /// <summary>The store holds exactly these scans: in the venues' buckets, the itineraries and the receipts.</summary>
    private static void AssertHolds(ScanStore store, (string Receipt, ScanEvent Scan)[] expected)
    {
        var byVenue = new List<ScanEvent>();
        var byPerson = new List<ScanEvent>();
        foreach (var day in store.StoredDays())
        {
            for (var number = 1u; number <= 7; number++)
            {
                store.ReadVenue(number, day, byVenue);
                store.ReadItinerary(number, day, byPerson);
            }
        }
        var wanted = expected.Select(s => s.Scan).OrderBy(s => s.At).ThenBy(s => s.Person).ToArray();
        Assert.Equal(wanted, byVenue.OrderBy(s => s.At).ThenBy(s => s.Person).ToArray());
        Assert.Equal(wanted, byPerson.OrderBy(s => s.At).ThenBy(s => s.Person).ToArray());
        // Every receipt is there: recording a scan again writes nothing and answers with the first recording.
        Assert.All(expected, s => Assert.Equal(ScanReceipt.Of(s.Scan), store.RecordOnce(s.Receipt, s.Scan)));
    }
}
