using Tracing.Bench.Engine;
using Tracing.Matching.Crypto;

namespace Tracing.Bench.Micro;

/// <summary>An engine and a naive baseline loaded with the same synthetic observations, in a temporary folder.</summary>
internal sealed class StoreFixture : IDisposable
{
    private StoreFixture(string directory, EngineAdapter engine, NaiveBaseline baseline, SyntheticData data)
    {
        Directory = directory;
        Engine = engine;
        Baseline = baseline;
        Data = data;
    }

    public string Directory { get; }
    public EngineAdapter Engine { get; }
    public NaiveBaseline Baseline { get; }
    public SyntheticData Data { get; }

    /// <summary>Loads <paramref name="observations"/> observations (one case planted) into the engine and, if asked, the baseline.</summary>
    public static StoreFixture Load(long observations, bool engine, bool baseline)
    {
        var directory = Path.Combine(Path.GetTempPath(), "tracing-bench", "micro-" + Guid.NewGuid().ToString("N"));
        var data = new SyntheticData(observations, visits: 0, cases: 1, seed: 14, plantWithinObservations: observations);
        var adapter = EngineAdapter.Open(EngineAdapter.SizedFor(directory, engine ? observations : 0, scans: 0, SyntheticData.Days, 100_000), SyntheticData.Now);
        var naive = new NaiveBaseline(adapter.Rules);
        for (var b = 0; b < data.Batches; b++)
        {
            var batch = data.Batch(b);
            var observer = data.ObserverOf(b);
            if (engine)
                adapter.Ingest(SyntheticData.DeviceUserId(observer), observer, $"b{b}", batch);
            if (baseline)
                naive.Ingest(observer, batch);
        }
        adapter.CommitAsync().GetAwaiter().GetResult();
        adapter.WaitUntilVisible(data.Planted[0].Rpi);
        return new StoreFixture(directory, adapter, naive, data);
    }

    /// <summary>The 2,016 identifiers of the planted case's 14 daily keys, back to back.</summary>
    public byte[] CaseIdentifiers()
    {
        var keys = Data.KeysOf(0);
        var rpis = new byte[keys.Count * ExposureKeyCrypto.IntervalsPerKey * ExposureKeyCrypto.IdentifierLength];
        for (var k = 0; k < keys.Count; k++)
            ExposureKeyCrypto.DeriveIdentifiers(keys[k].KeyData, keys[k].RollingStartInterval, keys[k].RollingPeriod, rpis.AsSpan(k * 144 * 16, 144 * 16));
        return rpis;
    }

    public void Dispose()
    {
        Engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
