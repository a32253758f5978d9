using BenchmarkDotNet.Attributes;
using Tracing.Matching;
using Tracing.Matching.Model;

namespace Tracing.Bench.Micro;

/// <summary>
/// The venue side of matching, in memory: one source visit intersected with 1,000 visits (category <c>match</c>),
/// and one person's 1,000 scans paired into visits (category <c>pairing</c>), over spans against LINQ.
/// </summary>
[Config(typeof(BenchConfig))]
public class VenueIntersectionBenchmarks
{
    private const int Others = 1_000;
    private const int Scans = 1_000;
    private readonly TracingRules _rules = new();
    private readonly List<VenueContact> _contacts = new(Others);
    private readonly List<Visit> _visits = new(Scans);
    private Visit[] _others = null!;
    private ScanEvent[] _scans = null!;
    private Visit _source;

    /// <summary>Visits at 10 venues over one day; one person's alternating in/out scans; results checked equal.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(30);
        const long day = 1_628_553_600; // 2021-08-10
        _source = new Visit(1, 3, day + 43_200, day + 46_800, true);
        _others = Enumerable.Range(0, Others).Select(i =>
        {
            var start = day + random.Next(86_400 - 10_800);
            return new Visit((uint)(100 + i), (uint)random.Next(10), start, start + (15 + random.Next(166)) * 60L, true);
        }).ToArray();
        var at = day;
        _scans = new ScanEvent[Scans];
        for (var i = 0; i < Scans; i += 2)
        {
            var venue = (uint)random.Next(50);
            at += 600 + random.Next(3_600);
            _scans[i] = new ScanEvent(7, venue, at, at, 0, ScanDirection.In, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.None);
            at += 600 + random.Next(7_200);
            _scans[i + 1] = new ScanEvent(7, venue, at, at, 0, ScanDirection.Out, ScanMethod.Self, ScanOutcome.Accepted, ScanFlags.None);
        }
        PairSpans();
        if (MatchSpans() != MatchLinq() || !_visits.SequenceEqual(PairLinqVisits()))
            throw new InvalidOperationException("The LINQ baselines and the engine disagree.");
    }

    /// <summary>LINQ: filter the other visits and project the shared windows.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("match")]
    public int MatchLinq()
    {
        var windowEnd = _source.End + (long)_rules.Linger.TotalSeconds;
        return _others
            .Where(o => o.Venue == _source.Venue && o.Person != _source.Person && o.Overlaps(_source.Start, windowEnd))
            .Select(o => new VenueContact(o.Person, _source.Venue, Math.Max(o.Start, _source.Start), Math.Min(o.End, windowEnd)))
            .ToList()
            .Count;
    }

    /// <summary>The engine's <see cref="VenueMatcher.Match"/> over a span, into a reused list.</summary>
    [Benchmark, BenchmarkCategory("match")]
    public int MatchSpans()
    {
        _contacts.Clear();
        VenueMatcher.Match(_source, _others, _rules.Linger, _contacts);
        return _contacts.Count;
    }

    /// <summary>LINQ: in-scans zipped with out-scans (right only for cleanly alternating scans like these).</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("pairing")]
    public int PairLinq() => PairLinqVisits().Count;

    /// <summary>The engine's <see cref="VisitPairing.Pair"/> over a span, into a reused list.</summary>
    [Benchmark, BenchmarkCategory("pairing")]
    public int PairSpans()
    {
        _visits.Clear();
        VisitPairing.Pair(_scans, _rules, _visits);
        return _visits.Count;
    }

    private List<Visit> PairLinqVisits()
        => _scans.Where(s => s.Direction == ScanDirection.In)
            .Zip(_scans.Where(s => s.Direction == ScanDirection.Out), (i, o) => new Visit(i.Person, i.Venue, i.At, o.At, true))
            .ToList();
}
