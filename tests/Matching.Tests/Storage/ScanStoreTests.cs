using Tracing.Matching.Model;
using Tracing.Matching.Storage;
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
            // Every day is written before each checkpoint, so none is quiet enough to be compacted (that ends with a
            // full checkpoint): each keeps its first index checkpoint.
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

    [Fact]
    public async Task Scans_at_once_past_the_daily_cap_are_each_flagged_and_none_before_it()
    {
        const int Cap = 5;
        // One person, one day, 24 scans in from 8 threads at once: the cap is counted where the scan is written, so
        // exactly the scans recorded after the first five carry the flag, however they interleave.
        var at = Day0 + 3_600;
        var scans = Enumerable.Range(0, 24).Select(i => ($"gate\nevent-{i}", new ScanEvent(7, (uint)(i % 3) + 1, at + i, at + i, 0, ScanDirection.In, ScanMethod.Controller, ScanOutcome.Accepted, ScanFlags.None))).ToArray();
        await using var store = new ScanStore(Path.Combine(_directory.Path, "live"), Options);
        using var start = new Barrier(8);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = t; i < scans.Length; i += 8)
                Assert.Null(store.RecordOnce(scans[i].Item1, scans[i].Item2, Cap));
        })));

        var itinerary = Itinerary(store, 7, at / 86_400);
        Assert.Equal(scans.Length, itinerary.Count);
        // The itinerary keeps the order they were written in: the first five unflagged, every later one flagged.
        Assert.Equal(Enumerable.Range(0, scans.Length).Select(i => i >= Cap), itinerary.Select(s => s.Flags.HasFlag(ScanFlags.OverDailyCap)));
        var atVenues = Enumerable.Range(1, 3).SelectMany(v =>
        {
            var list = new List<ScanEvent>();
            store.ReadVenue((uint)v, at / 86_400, list);
            return list;
        }).ToList();
        Assert.Equal(scans.Length - Cap, atVenues.Count(s => s.Flags.HasFlag(ScanFlags.OverDailyCap)));
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

    [Fact]
    public async Task Settled_days_are_compacted_and_keep_every_scan_exactly_once_through_late_scans_and_a_crash()
    {
        // Four days. Each round checkpoints, which makes every record read-only: the next round's appends copy the
        // buckets and itineraries they extend, and the older copies are the dead bytes compaction removes. A second
        // pass finds the days quiet: the settled ones are compacted then.
        var scans = Enumerable.Range(0, 400).Select(FourDayScan).ToArray();
        var live = Path.Combine(_directory.Path, "live");
        var image = Path.Combine(_directory.Path, "image");
        var first = Day0 / 86_400;
        await using (var store = new ScanStore(live, Options))
        {
            for (var round = 0; round < 5; round++)
            {
                foreach (var (receipt, scan) in scans[(round * 60)..((round + 1) * 60)])
                    Assert.Null(store.RecordOnce(receipt, scan));
                await store.WaitForCommitAsync();
                await store.CheckpointAsync();
                await store.CheckpointAsync();
            }
            // Compacted: the two older days. The newest day and the one before it are still written as scans happen.
            Assert.All(Enumerable.Range(0, 2), d => Assert.True(File.Exists(Path.Combine(live, $"day-{first + d}", "compacted"))));
            Assert.All(Enumerable.Range(2, 2), d => Assert.False(File.Exists(Path.Combine(live, $"day-{first + d}", "compacted"))));

            // Late scans of the compacted days (and of the others), and repeated deliveries of scans recorded before.
            foreach (var (receipt, scan) in scans[300..])
                Assert.Null(store.RecordOnce(receipt, scan));
            foreach (var (receipt, scan) in scans[..20])
                Assert.Equal(ScanReceipt.Of(scan), store.RecordOnce(receipt, scan));
            await store.WaitForCommitAsync();
            await store.CheckpointAsync();
            await store.CheckpointAsync();
            foreach (var (receipt, scan) in scans[280..])
                Assert.Equal(ScanReceipt.Of(scan), store.RecordOnce(receipt, scan));
            await store.WaitForCommitAsync();
            CrashImage.Copy(live, image);
            AssertHolds(store, scans);
        }

        await using var recovered = new ScanStore(image, Options);
        AssertHolds(recovered, scans);
        await using var reopened = new ScanStore(live, Options);
        AssertHolds(reopened, scans);
    }

    [Fact]
    public async Task Compacting_a_settled_day_removes_the_older_copies_its_appends_left_and_waits_for_it_to_be_quiet()
    {
        var scans = Enumerable.Range(0, 800).Select(FourDayScan).ToArray();
        var first = Day0 / 86_400;
        await using var store = new ScanStore(Path.Combine(_directory.Path, "live"), Options);
        foreach (var (receipt, scan) in scans[..80])
            Assert.Null(store.RecordOnce(receipt, scan));
        await store.WaitForCommitAsync();
        await store.CheckpointAsync();
        await store.CheckpointAsync();
        var compacted = store.DayLogBytes(first);
        // A day's log grown by half since its last compaction is compacted again, once a pass finds it quiet.
        foreach (var (receipt, scan) in scans[80..])
            Assert.Null(store.RecordOnce(receipt, scan));
        await store.WaitForCommitAsync();
        var grown = store.DayLogBytes(first);
        Assert.True(grown > compacted + (compacted / 2), $"day 0 grew from {compacted} to {grown} bytes");
        await store.CheckpointAsync();
        Assert.Equal(grown, store.DayLogBytes(first));
        await store.CheckpointAsync();
        var again = store.DayLogBytes(first);
        Assert.True(again < grown, $"day 0 held {grown} bytes of log before its second compaction and {again} after");
        // Grown by less than half since: left alone.
        await store.CheckpointAsync();
        Assert.Equal(again, store.DayLogBytes(first));
        AssertHolds(store, scans);
    }

    [Fact]
    public async Task Scans_recorded_while_a_settled_day_is_compacted_are_there_exactly_once_after_a_crash()
    {
        // Writers go on during a compaction: what they append to the day's buckets and itineraries must survive the copy
        // of the live records, the move of the log's start and the checkpoint that ends it.
        var live = Path.Combine(_directory.Path, "live");
        var image = Path.Combine(_directory.Path, "image");
        var recorded = new List<(string Receipt, ScanEvent Scan)>();
        var next = 0;
        var late = 100_000;
        // Compacted whatever the writes: a day busy at every pass is compacted all the same in the end.
        var options = Options with { BusyPassesBeforeCompaction = 1, MaxScansPerPersonPerDay = 100_000 };
        void Record((string Receipt, ScanEvent Scan) scan, ScanStore store)
        {
            Assert.Null(store.RecordOnce(scan.Receipt, scan.Scan));
            recorded.Add(scan);
        }
        await using (var store = new ScanStore(live, options))
        {
            for (var round = 0; round < 4; round++)
            {
                for (var end = next + 200; next < end; next++)
                    Record(FourDayScan(next), store);
                await store.WaitForCommitAsync();
                var checkpoint = store.CheckpointAsync();
                // The settled first day (every fourth scan number), whose compaction is under way; at most 2,000 a round,
                // so that a venue's bucket for the day stays within the small store's page.
                for (var end = late + 8_000; !checkpoint.IsCompleted && late < end; late += 4)
                    Record(FourDayScan(late), store);
                await checkpoint;
            }
            Assert.True(File.Exists(Path.Combine(live, $"day-{Day0 / 86_400}", "compacted")));
            Assert.True(late > 100_000, "no scan was recorded while the checkpoints ran");
            await store.WaitForCommitAsync();
            CrashImage.Copy(live, image);
            AssertHolds(store, [.. recorded]);
        }

        await using var recovered = new ScanStore(image, options);
        AssertHolds(recovered, [.. recorded]);
    }

    [Fact]
    public async Task A_day_written_with_receipt_records_is_still_read_and_still_answers_repeated_deliveries()
    {
        // Written as version 14 wrote a day: each scan in its venue's bucket and its person's itinerary (scans alone),
        // and a receipt record holding the venue, outcome and screening of its first recording.
        var scans = Enumerable.Range(0, 60).Select(ScanNumber).Where(s => Days(s.Scan) == Day0 / 86_400).ToArray();
        var live = Path.Combine(_directory.Path, "live");
        var folder = Path.Combine(live, $"day-{Day0 / 86_400}");
        Directory.CreateDirectory(folder);
        await using (var legacy = FasterStore.Open(Options.DayStore(folder, receiptRecords: true)))
        {
            foreach (var (receipt, scan) in scans)
            {
                var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new ReadOnlySpan<ScanEvent>(in scan)).ToArray();
                legacy.Append([(byte)'V', .. BitConverter.GetBytes(scan.Venue)], bytes);
                legacy.Append([(byte)'P', .. BitConverter.GetBytes(scan.Person)], bytes);
                var stored = new byte[ScanReceipt.Size];
                ScanReceipt.Of(scan).Write(stored);
                legacy.Upsert(LegacyReceiptKey(receipt), stored);
            }
        }

        // A new scan of that day, by a person the old itineraries hold, goes into the new ones; reading merges both,
        // and the daily cap counts both: with the cap at the old scans' number, the new one is flagged.
        var person = scans[0].Scan.Person;
        var earlier = scans.Count(s => s.Scan.Person == person);
        var later = ($"u-late\nevent-late", scans[0].Scan with { At = Day0 + 3_000, ReceivedAt = Day0 + 3_005 });
        var recorded = (later.Item1, later.Item2 with { Flags = ScanFlags.OverDailyCap });
        await using (var store = new ScanStore(live, Options))
        {
            Assert.Null(store.RecordOnce(later.Item1, later.Item2, dailyCap: earlier));
            await store.WaitForCommitAsync();
            AssertHolds(store, [.. scans, recorded]);
            Assert.Equal(earlier + 1, Itinerary(store, person, Day0 / 86_400).Count);
        }
        await using var reopened = new ScanStore(live, Options);
        AssertHolds(reopened, [.. scans, recorded]);
        Assert.Equal(earlier + 1, Itinerary(reopened, person, Day0 / 86_400).Count);
    }

    private static List<ScanEvent> Itinerary(ScanStore store, uint person, long day)
    {
        var itinerary = new List<ScanEvent>();
        store.ReadItinerary(person, day, itinerary);
        return itinerary;
    }

    [Fact]
    public async Task A_persons_day_holds_at_most_its_cap_of_scans_and_repeats_beyond_it_are_still_answered()
    {
        await using var store = new ScanStore(Path.Combine(_directory.Path, "live"), Options with { MaxScansPerPersonPerDay = 5 });
        var mine = Enumerable.Range(0, 6).Select(i => ($"u-1\ncap-{i}", new ScanEvent(1, 2, Day0 + (i * 60), Day0 + (i * 60) + 5, 0, ScanDirection.In, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.None))).ToArray();
        foreach (var (receipt, scan) in mine[..5])
            Assert.Null(store.RecordOnce(receipt, scan));
        var refused = Assert.Throws<TracingException>(() => store.RecordOnce(mine[5].Item1, mine[5].Item2));
        Assert.Equal(TracingError.ResourceExhausted, refused.Error);
        Assert.Equal(ScanReceipt.Of(mine[0].Item2), store.RecordOnce(mine[0].Item1, mine[0].Item2));
        // Someone else's scans of the day, at the same venue, go on.
        Assert.Null(store.RecordOnce("u-2\ncap-0", mine[0].Item2 with { Person = 2 }));
        await store.WaitForCommitAsync();
        Assert.Equal(5, Itinerary(store, 1, Day0 / 86_400).Count);
    }

    /// <summary>A receipt record's key as version 14 wrote it: a tag, then 128 bits of the receipt id's SHA-256.</summary>
    private static byte[] LegacyReceiptKey(string receipt)
        => [(byte)'E', .. System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(receipt)).AsSpan(0, 16)];

    /// <summary>Scan <paramref name="i"/> of four days: two venues and three people, so buckets and itineraries grow long.</summary>
    private static (string Receipt, ScanEvent Scan) FourDayScan(int i)
    {
        var at = Day0 + (i % 4 * 86_400) + (i * 37 % 86_400);
        return ($"u-{i % 3}\nfour-day-{i}", new ScanEvent((uint)(i % 3) + 1, (uint)(i % 2) + 1, at, at + 5, 0, ScanDirection.In, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.None));
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
