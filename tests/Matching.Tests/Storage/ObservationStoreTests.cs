using System.Security.Cryptography;
using Tracing.Matching.Ledger;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Storage;

/// <summary>The observation store: day partitions, batch idempotence, checkpoints with log replay, retention.</summary>
public sealed class ObservationStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2021, 8, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly ManualClock _clock = new(Now);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sightings_are_found_by_identifier_on_their_own_day_only()
    {
        await using var engine = Open();
        var rpi = RandomNumberGenerator.GetBytes(16);
        var other = RandomNumberGenerator.GetBytes(16);
        engine.Contacts.Ingest("u-a", 7, "b1", [Seen(rpi, Now.AddDays(-3)), Seen(rpi, Now.AddHours(-1)), Seen(other, Now.AddHours(-1))]);
        await engine.CommitAsync();

        Assert.Equal(2, engine.Contacts.SightingsOf(rpi).Length);
        var sink = default(SightingSink);
        engine.Contacts.CatchUp();
        using (var reader = engine.Contacts.OpenReader())
            reader.Collect(rpi, Now.AddHours(-2).ToUnixTimeSeconds(), Now.ToUnixTimeSeconds(), ref sink);
        Assert.Equal(1, sink.Count);
        Assert.Equal((uint)Now.AddHours(-1).ToUnixTimeSeconds(), sink.Observations[0].SeenAt);
        Assert.Equal(7u, sink.Observations[0].Observer);
        sink.Dispose();
    }

    [Fact]
    public async Task A_repeated_batch_is_stored_once()
    {
        await using var engine = Open();
        var rpi = RandomNumberGenerator.GetBytes(16);
        ReportedObservation[] batch = [Seen(rpi, Now.AddHours(-1))];
        var first = engine.Contacts.Ingest("u-a", 7, "same", batch);
        await engine.CommitAsync();
        engine.Contacts.CatchUp();
        var again = engine.Contacts.Ingest("u-a", 7, "same", batch);
        var otherDevice = engine.Contacts.Ingest("u-b", 8, "same", batch);
        await engine.CommitAsync();

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.False(otherDevice.Duplicate);
        Assert.Equal([7u, 8u], engine.Contacts.SightingsOf(rpi).Select(o => o.Observer).Order());
    }

    [Fact]
    public async Task Many_sightings_of_one_bucket_grow_it_without_losing_any()
    {
        await using var engine = Open();
        var rpis = Enumerable.Range(0, 2_000).Select(_ => RandomNumberGenerator.GetBytes(16)).ToArray();
        for (var round = 0; round < 5; round++)
        {
            engine.Contacts.Ingest("u-a", (uint)round + 1, $"r{round}", rpis.Select(r => Seen(r, Now.AddMinutes(-10 - round))).ToList());
            await engine.CommitAsync();
            if (round == 2)
                await engine.CheckpointDaysAsync();
        }
        Assert.All(rpis, rpi => Assert.Equal([1u, 2u, 3u, 4u, 5u], engine.Contacts.SightingsOf(rpi).Select(o => o.Observer).Order()));
    }

    [Fact]
    public async Task Batches_applied_together_in_one_run_are_each_stored_once_and_a_retry_among_them_not_at_all()
    {
        await using var engine = Open();
        var rpis = Enumerable.Range(0, 400).Select(_ => RandomNumberGenerator.GetBytes(16)).ToArray();
        using (engine.Contacts.PauseApplying())
        {
            // Twelve batches over three days, logged while the applier waits: it then takes them as one run.
            for (var b = 0; b < 12; b++)
                engine.Contacts.Ingest("u-a", (uint)b + 1, $"b{b}", rpis.Select(r => Seen(r, Now.AddHours(-1 - (5 * b)))).ToList());
            // A retry of batch 3 (its first try not applied yet, so not known as a duplicate when logged).
            engine.Contacts.Ingest("u-a", 99, "b3", rpis.Select(r => Seen(r, Now.AddHours(-16))).ToList());
            await engine.CommitAsync();
        }

        var observers = Enumerable.Range(1, 12).Select(o => (uint)o);
        Assert.All(rpis, rpi => Assert.Equal(observers, engine.Contacts.SightingsOf(rpi).Select(o => o.Observer).Order()));
    }

    [Fact]
    public async Task Everything_committed_is_there_after_reopening_with_and_without_a_checkpoint()
    {
        var rpis = Enumerable.Range(0, 500).Select(_ => RandomNumberGenerator.GetBytes(16)).ToArray();
        await using (var engine = Open())
        {
            engine.Contacts.Ingest("u-a", 1, "before-checkpoint", rpis.Select(r => Seen(r, Now.AddHours(-2))).ToList());
            await engine.CommitAsync();
            await engine.CheckpointDaysAsync();
            // Only in the write-ahead log: the reopened store must replay it exactly once.
            engine.Contacts.Ingest("u-a", 2, "after-checkpoint", rpis.Select(r => Seen(r, Now.AddHours(-1))).ToList());
            await engine.CommitAsync();
        }
        await using (var reopened = Open())
        {
            Assert.All(rpis, rpi => Assert.Equal([1u, 2u], reopened.Contacts.SightingsOf(rpi).Select(o => o.Observer).Order()));
            Assert.True(reopened.Contacts.Ingest("u-a", 2, "after-checkpoint", [Seen(rpis[0], Now)]).Duplicate);
        }
    }

    [Fact]
    public async Task After_a_crash_the_log_past_the_checkpoints_is_applied_again_once_while_the_store_is_open()
    {
        var rpis = Enumerable.Range(0, 300).Select(_ => RandomNumberGenerator.GetBytes(16)).ToArray();
        var crashed = Path.Combine(_directory.Path, "crashed");
        await using (var engine = Open())
        {
            engine.Contacts.Ingest("u-a", 1, "checkpointed", rpis.Select(r => Seen(r, Now.AddHours(-2))).ToList());
            await engine.CommitAsync();
            await engine.CheckpointDaysAsync();
            using (engine.Contacts.PauseApplying())
            {
                for (var b = 0; b < 3; b++)
                    engine.Contacts.Ingest("u-a", 2 + (uint)b, $"logged-{b}", rpis.Select(r => Seen(r, Now.AddMinutes(-50 + b))).ToList());
                await engine.CommitAsync();
                // What a kill -9 now would leave: the three batches acknowledged, in the log only.
                CrashImage.Copy(_directory.Path, crashed);
            }
        }

        await using var reopened = TracingEngine.Open(Options(crashed), _clock);
        Assert.True(reopened.Recovery.ObservationLogToReplay > 0, reopened.Recovery.ToString());
        await reopened.ObservationReplay.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(rpis, rpi => Assert.Equal([1u, 2u, 3u, 4u], reopened.Contacts.SightingsOf(rpi).Select(o => o.Observer).Order()));
        Assert.True(reopened.Contacts.Ingest("u-a", 2, "logged-0", [Seen(rpis[0], Now)]).Duplicate);
    }

    [Fact]
    public async Task A_checkpoint_taken_while_uploads_go_on_and_a_crash_after_it_lose_nothing_and_repeat_nothing()
    {
        // The days are checkpointed one at a time, the applier working between two: each day's checkpoint holds the
        // log up to its own point, and a restart replays from the earliest of them.
        var rpis = Enumerable.Range(0, 200).Select(_ => RandomNumberGenerator.GetBytes(16)).ToArray();
        var days = new[] { Now.AddDays(-3), Now.AddDays(-2), Now.AddDays(-1), Now.AddHours(-1) };
        var crashed = Path.Combine(_directory.Path, "crashed");
        var batches = 0u;
        await using (var engine = Open())
        {
            void Upload()
            {
                var observer = ++batches;
                engine.Contacts.Ingest("u-a", observer, $"b-{observer}", [.. days.SelectMany(day => rpis.Select(r => Seen(r, day.AddSeconds(observer))))]);
            }

            for (var b = 0; b < 5; b++)
                Upload();
            await engine.CommitAsync();
            var checkpoint = engine.CheckpointDaysAsync();
            while (!checkpoint.IsCompleted)
            {
                Upload();
                await engine.CommitAsync();
            }
            await checkpoint;
            using (engine.Contacts.PauseApplying())
            {
                Upload();
                await engine.CommitAsync();
                CrashImage.Copy(_directory.Path, crashed);
            }
        }

        await using var reopened = TracingEngine.Open(Options(crashed), _clock);
        await reopened.ObservationReplay.WaitAsync(TimeSpan.FromSeconds(60));
        var everyBatch = Enumerable.Range(1, (int)batches).Select(b => (uint)b).ToList();
        Assert.True(batches > 6, $"{batches} batches");
        Assert.All(rpis, rpi =>
        {
            var seen = reopened.Contacts.SightingsOf(rpi);
            Assert.All(days, day => Assert.Equal(everyBatch, seen.Where(o => o.SeenAt / 86_400 == day.ToUnixTimeSeconds() / 86_400).Select(o => o.Observer).Order()));
        });
    }

    [Fact]
    public async Task Retention_deletes_whole_days_past_the_period()
    {
        await using var engine = Open();
        var old = RandomNumberGenerator.GetBytes(16);
        var recent = RandomNumberGenerator.GetBytes(16);
        engine.Contacts.Ingest("u-a", 1, "", [Seen(old, Now.AddDays(-20)), Seen(recent, Now.AddDays(-1))]);
        await engine.CommitAsync();
        engine.Contacts.CatchUp();

        _clock.Now = Now.AddDays(2);
        await engine.ApplyRetentionAsync(_clock.Now);

        Assert.Empty(engine.Contacts.SightingsOf(old));
        Assert.Single(engine.Contacts.SightingsOf(recent));
        var oldDay = Now.AddDays(-20).ToUnixTimeSeconds() / 86_400;
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "partitions", "0", "observations", $"day-{oldDay}")));
    }

    private TracingEngine Open() => TracingEngine.Open(Options(_directory.Path), _clock);

    private static EngineOptions Options(string directory)
        => new() { Store = StoreOptions.Small(directory), Observations = ObservationOptions.Small, Scans = ScanOptions.Small };

    private static ReportedObservation Seen(byte[] rpi, DateTimeOffset at) => new(rpi, ReadOnlyMemory<byte>.Empty, at, 300, -60, -5);
}
