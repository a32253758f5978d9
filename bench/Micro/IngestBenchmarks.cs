using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Tracing.Bench.Engine;
using Tracing.Matching.Ledger;

namespace Tracing.Bench.Micro;

/// <summary>
/// Ingesting one contact batch of 1,000 observations (as one gRPC <c>UploadContacts</c> batch): the engine's
/// <c>Contacts.Ingest</c>, with and without waiting for the commit that acknowledges it, against a locked
/// <c>Dictionary</c> of lists. Every invocation stamps fresh identifiers, so each batch adds new keys.
/// </summary>
[Config(typeof(BenchConfig))]
public class IngestBenchmarks
{
    private StoreFixture _store = null!;
    private List<ReportedObservation> _batch = null!;
    private uint _observer;
    private int _invocation;

    /// <summary>An empty engine and baseline, and one generated batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _store = StoreFixture.Load(1_000, engine: true, baseline: true);
        _batch = _store.Data.Batch(0);
        _observer = _store.Data.ObserverOf(0);
    }

    /// <summary>Closes the engine and deletes its folder.</summary>
    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>The naive baseline: a locked <c>Dictionary</c> of <c>List</c>s.</summary>
    [Benchmark(Baseline = true)]
    public int DictionaryIngest()
    {
        Stamp();
        _store.Baseline.Ingest(_observer, _batch);
        return _batch.Count;
    }

    /// <summary>The engine: validate and log the batch (durable at the next commit).</summary>
    [Benchmark]
    public int EngineIngest()
    {
        var stamp = Stamp();
        return _store.Engine.Ingest(SyntheticData.DeviceUserId(_observer), _observer, "i" + stamp, _batch).Accepted;
    }

    /// <summary>The engine as the gRPC handler uses it: ingest, then wait for the commit before acknowledging.</summary>
    [Benchmark]
    public int EngineIngestAndCommit()
    {
        var stamp = Stamp();
        var accepted = _store.Engine.Ingest(SyntheticData.DeviceUserId(_observer), _observer, "c" + stamp, _batch).Accepted;
        _store.Engine.CommitAsync().GetAwaiter().GetResult();
        return accepted;
    }

    /// <summary>Writes a fresh invocation number into the first 4 bytes of every identifier, so keys are new.</summary>
    private int Stamp()
    {
        var stamp = ++_invocation;
        foreach (var observation in _batch)
            BitConverter.TryWriteBytes(MemoryMarshal.AsMemory(observation.Rpi).Span, stamp);
        return stamp;
    }
}
