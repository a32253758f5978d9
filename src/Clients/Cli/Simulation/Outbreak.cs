namespace Tracing.Cli.Simulation;

/// <summary>
/// The course of the infection: who was infected when, and by whom; infectious from two days after infection for
/// eight days; 70 % develop symptoms 3–6 days after infection; those with the app who fall ill are tested and
/// reported to the health department 1–2 days after onset (at 17:00), and stay home from the next day on.
/// People without the app, and people without symptoms, are never reported.
/// </summary>
internal sealed class Outbreak
{
    private const long Day = 86_400;
    private readonly City _city;
    private readonly long?[] _infectedAt;
    private readonly long?[] _onsetAt;
    private readonly long?[] _reportedAt;

    /// <summary>Nobody infected yet.</summary>
    public Outbreak(City city)
    {
        _city = city;
        _infectedAt = new long?[city.People.Count];
        _onsetAt = new long?[city.People.Count];
        _reportedAt = new long?[city.People.Count];
    }

    /// <summary>Every infection in the order it happened: who, when (unix seconds).</summary>
    public List<(int Person, long At)> Infections { get; } = [];

    /// <summary>
    /// Seeds <paramref name="count"/> infections among grown-ups with the app, infected days before
    /// <paramref name="start"/> so that they fall ill and are reported on the first days (one a day, in turn).
    /// </summary>
    public void Seed(int count, long start, int days, Random random)
    {
        var candidates = _city.People.Where(p => p.HasApp && p.Age == AgeGroup.Adult).Select(p => p.Index).ToArray();
        random.Shuffle(candidates);
        for (var i = 0; i < Math.Min(count, candidates.Length); i++)
        {
            var person = candidates[i];
            var reportDay = i % Math.Min(3, days);
            var reported = start + (reportDay * Day) + (17 * 3600);
            var onset = reported - (Day * 3 / 2) + random.Next(3600);
            var infected = onset - (4 * Day);
            _infectedAt[person] = infected;
            _onsetAt[person] = onset;
            _reportedAt[person] = reported;
            Infections.Add((person, infected));
        }
    }

    /// <summary>Infects <paramref name="person"/> at <paramref name="at"/> and draws the course of the illness.</summary>
    public void Infect(int person, long at, Random random)
    {
        if (_infectedAt[person] is not null)
            return;
        _infectedAt[person] = at;
        Infections.Add((person, at));
        if (random.NextDouble() >= 0.7)
            return;
        var onset = at + (3 * Day) + (long)(random.NextDouble() * 3 * Day);
        _onsetAt[person] = onset;
        if (_city.People[person].HasApp)
        {
            var tested = onset + ((1 + random.Next(2)) * Day);
            var localDay = (tested + (7 * 3600)) / Day * Day - (7 * 3600);
            _reportedAt[person] = localDay + (17 * 3600);
        }
    }

    /// <summary>Whether <paramref name="person"/> can infect others at <paramref name="at"/>.</summary>
    public bool IsInfectious(int person, long at) =>
        _infectedAt[person] is { } infected && at >= infected + (2 * Day) && at < infected + (10 * Day);

    /// <summary>Whether <paramref name="person"/> has never been infected.</summary>
    public bool IsSusceptible(int person) => _infectedAt[person] is null;

    /// <summary>Whether <paramref name="person"/> stays home on the day starting at <paramref name="dayStart"/> (reported before it).</summary>
    public bool IsIsolated(int person, long dayStart) => _reportedAt[person] is { } reported && reported < dayStart;

    /// <summary>The cases reported to the health department before <paramref name="end"/>, in report order.</summary>
    public List<ReportedCase> ReportedBefore(long end)
    {
        var cases = new List<ReportedCase>();
        for (var person = 0; person < _reportedAt.Length; person++)
        {
            if (_reportedAt[person] is { } reported && reported < end && _onsetAt[person] is { } onset)
                cases.Add(new ReportedCase(person, reported, onset, onset - (long)ContactRules.InfectiousLead.TotalSeconds));
        }

        cases.Sort((a, b) => (a.ReportedAt, a.Person).CompareTo((b.ReportedAt, b.Person)));
        return cases;
    }
}
