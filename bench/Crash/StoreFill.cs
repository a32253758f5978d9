using System.Diagnostics;
using Tracing.Bench.Engine;
using Tracing.Matching;
using Tracing.Matching.Ledger;
using Tracing.Matching.Storage;
using Tracing.Matching.Storage.Observations;
using Tracing.Server;

namespace Tracing.Bench.Crash;

/// <summary>
/// Fills a server's data folder with many observations before the crash run starts the server on it: through the
/// engine in this process (the server would take as long to apply them, and it is not what is measured), with the
/// store opened exactly as the server opens it (its default settings), then closed with a checkpoint.
/// </summary>
internal static class StoreFill
{
    private const int BatchSize = 1_000;
    private const int Days = 14;

    /// <summary>What the server must be told to open the store as it was filled (sightings expected per day).</summary>
    public static IReadOnlyList<string> ServerSettings(long observations)
        => [$"--Tracing:Observations:ExpectedPerDay={ExpectedPerDay(observations)}"];

    /// <summary>Stores <paramref name="observations"/> random sightings of the last 14 days in <paramref name="dataDir"/>.</summary>
    public static async Task<(double Seconds, long DiskBytes)> FillAsync(string dataDir, long observations, int seed)
    {
        var defaults = new TracingSettings();
        var clock = Stopwatch.StartNew();
        var engine = TracingEngine.Open(new EngineOptions
        {
            Store = new StoreOptions
            {
                Directory = Path.Combine(dataDir, "store"),
                MemorySizeBits = defaults.StoreMemorySizeBits,
                IndexSizeBits = defaults.StoreIndexSizeBits,
            },
            Observations = new ObservationSettings { ExpectedPerDay = ExpectedPerDay(observations) }.ToOptions(),
        });
        var now = DateTimeOffset.UtcNow;
        var batches = (int)(observations / BatchSize);
        var next = -1;
        var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(t => Task.Run(() =>
        {
            var random = new Random(seed + t);
            var rpis = new byte[BatchSize * 16];
            var batch = new List<ReportedObservation>(BatchSize);
            while (Interlocked.Increment(ref next) < batches)
            {
                random.NextBytes(rpis);
                batch.Clear();
                for (var i = 0; i < BatchSize; i++)
                    batch.Add(new ReportedObservation(rpis.AsMemory(i * 16, 16), ReadOnlyMemory<byte>.Empty, now.AddSeconds(-random.Next(3_600, Days * 86_400)), (uint)random.Next(60, 600), -random.Next(45, 90), -5));
                var outcome = engine.Contacts.Ingest("", (uint)random.Next(1, int.MaxValue), "", batch);
                if (outcome.Accepted != BatchSize)
                    throw new InvalidOperationException($"The engine refused {outcome.Rejected} fill observations: {string.Join("; ", outcome.Reasons)}");
            }
        })).ToArray();
        await Task.WhenAll(threads);
        var logged = clock.Elapsed.TotalSeconds;
        await engine.CommitAsync();
        engine.Contacts.CatchUp();
        var applied = clock.Elapsed.TotalSeconds;
        await engine.DisposeAsync();
        EngineRun.Log($"fill: {(long)batches * BatchSize:N0} observations logged in {logged:F1} s, applied by {applied:F1} s, checkpointed and closed by {clock.Elapsed.TotalSeconds:F1} s");
        var disk = new DirectoryInfo(dataDir).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        return (clock.Elapsed.TotalSeconds, disk);
    }

    private static long ExpectedPerDay(long observations) => Math.Max(1_000_000, observations / Days);
}
