using System.Security.Cryptography;
using Tracing.Matching.Ledger;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Matching.Storage.Scans;
using Tracing.Matching.Tests.Tracing;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// The bounds on the observation store's backlog: an upload waits while more than the limit of acknowledged
/// sightings waits for the applier, goes on once it catches up, and is refused with a retry hint when it stays behind;
/// and a long log since the last checkpoint starts a checkpoint early, so that a restart's replay stays short.
/// </summary>
public sealed class ObservationBacklogTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2021, 8, 20, 12, 0, 0, TimeSpan.Zero);

    /// <summary>64 KB: about 2,000 sightings, two batches of 1,000.</summary>
    private const long Limit = 64 * 1024;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_upload_waits_while_the_backlog_is_full_and_goes_on_once_the_applier_catches_up()
    {
        await using var engine = Open(backlogWait: TimeSpan.FromMinutes(5));
        var markers = new List<byte[]>();
        Task waiting;
        using (engine.Contacts.PauseApplying())
        {
            // Below the limit an upload does not wait at all; the applier is held off, so nothing makes room.
            while ((waiting = engine.Contacts.WaitForRoomAsync(observer: 7)).IsCompletedSuccessfully && markers.Count < 20)
                markers.Add(IngestBatch(engine, $"b{markers.Count}"));
            await engine.CommitAsync();

            Assert.InRange(markers.Count, 2, 3);
            Assert.False(waiting.IsCompleted);
        }

        await waiting.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.All(markers, marker => Assert.Single(engine.Contacts.SightingsOf(marker)));
    }

    [Fact]
    public async Task An_upload_is_refused_with_a_retry_hint_while_the_applier_stays_behind()
    {
        await using var engine = Open(backlogWait: TimeSpan.FromMilliseconds(100));
        using var paused = engine.Contacts.PauseApplying();
        for (var b = 0; b < 3; b++)
            IngestBatch(engine, $"b{b}");

        var refusal = await Assert.ThrowsAsync<TracingException>(() => engine.Contacts.WaitForRoomAsync(observer: 7));

        Assert.Equal(TracingError.ResourceExhausted, refusal.Error);
        Assert.Equal(TimeSpan.FromSeconds(1), refusal.RetryAfter);
        Assert.Contains("send them again, with the same batch_id, in 1 s", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_log_since_the_last_checkpoint_starts_a_checkpoint_before_its_period()
    {
        await using var engine = Open(backlogWait: TimeSpan.FromSeconds(1), checkpointLogBytes: Limit);
        // Where a restart begins replaying: written by each checkpoint of the day stores, none due for an hour.
        var replayFrom = Path.Combine(_directory.Path, "partitions", "0", "observations", "replay-from");
        IngestBatch(engine, "b0");
        engine.Contacts.CatchUp();
        Assert.False(File.Exists(replayFrom));

        for (var b = 1; b < 4; b++)
            IngestBatch(engine, $"b{b}");
        engine.Contacts.CatchUp();
        IngestBatch(engine, "b4"); // the log applied since the last checkpoint is now over the limit

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(replayFrom) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.True(File.Exists(replayFrom), "no checkpoint started although the log since the last one passed its limit");
    }

    /// <summary>Logs a batch of 1,000 sightings (32 KB of log); returns the identifier of its first.</summary>
    private static byte[] IngestBatch(TracingEngine engine, string batchId)
    {
        var observations = Enumerable.Range(0, 1_000).Select(_ => new ReportedObservation(RandomNumberGenerator.GetBytes(16), ReadOnlyMemory<byte>.Empty, Now.AddHours(-1), 300, -60, -5)).ToList();
        Assert.Equal(1_000, engine.Contacts.Ingest("u-a", 7, batchId, observations).Accepted);
        return observations[0].Rpi.ToArray();
    }

    private TracingEngine Open(TimeSpan backlogWait, long checkpointLogBytes = 0) => TracingEngine.Open(
        new EngineOptions
        {
            Store = StoreOptions.Small(_directory.Path),
            Observations = ObservationOptions.Small with
            {
                MaxUnappliedBytes = Limit,
                BacklogWait = backlogWait,
                CheckpointInterval = TimeSpan.FromHours(1),
                CheckpointLogBytes = checkpointLogBytes,
            },
            Scans = ScanOptions.Small,
        },
        new ManualClock(Now));
}
