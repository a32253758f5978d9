using BenchmarkDotNet.Attributes;
using Tracing.Bench.Engine;
using Tracing.Matching.Crypto;
using Tracing.Matching.Tracing;

namespace Tracing.Bench.Micro;

/// <summary>
/// The proximity match's core over a store of about 1 M observations: a case's 2,016 identifiers looked up one by
/// one (category <c>lookup</c>), and the whole match of its 14 keys (category <c>match</c>), engine against a
/// <c>Dictionary</c> with LINQ.
/// </summary>
[Config(typeof(BenchConfig))]
public class SightingLookupBenchmarks
{
    private const int Observations = 1_000_000;
    private StoreFixture _store = null!;
    private byte[] _rpis = null!;
    private List<DiagnosisKey> _keys = null!;
    private long _from;
    private long _until;

    /// <summary>Loads the engine and the dictionary with the same observations; the case's identifiers are among them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _store = StoreFixture.Load(Observations, engine: true, baseline: true);
        _rpis = _store.CaseIdentifiers();
        _keys = _store.Data.KeysOf(0);
        _from = _store.Data.Start;
        _until = SyntheticData.Now.ToUnixTimeSeconds();
    }

    /// <summary>Closes the engine and deletes its folder.</summary>
    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>2,016 <c>Dictionary</c> lookups.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("lookup")]
    public int DictionaryLookups()
    {
        var found = 0;
        for (var i = 0; i < _rpis.Length; i += ExposureKeyCrypto.IdentifierLength)
            found += _store.Baseline.SightingsOf(_rpis.AsSpan(i, ExposureKeyCrypto.IdentifierLength))?.Count ?? 0;
        return found;
    }

    /// <summary>2,016 engine lookups through <c>Contacts.SightingsOf</c> (every stored day of each identifier).</summary>
    [Benchmark, BenchmarkCategory("lookup")]
    public int EngineLookups()
    {
        var found = 0;
        for (var i = 0; i < _rpis.Length; i += ExposureKeyCrypto.IdentifierLength)
            found += _store.Engine.SightingsOf(_rpis.AsSpan(i, ExposureKeyCrypto.IdentifierLength)).Length;
        return found;
    }

    /// <summary>The whole match with LINQ: derive, look up, filter, group per observer-day, threshold.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("match")]
    public int BaselineProximityMatch() => _store.Baseline.ProximityContacts(0, _keys, _from, _until).Count;

    /// <summary>The whole match in the engine (<c>ContactTracer.ProximityContacts</c>).</summary>
    [Benchmark, BenchmarkCategory("match")]
    public int EngineProximityMatch() => _store.Engine.ProximityContacts(0, _keys, _from, _until).Count;
}
