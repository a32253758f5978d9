using Tracing.V1;

namespace Tracing.Cli.Demo;

/// <summary>What the scripted city expected and what the server found, by the health department's report and the partner's feed.</summary>
internal sealed class CityScriptResult
{
    /// <summary>The exposures the script is built to cause.</summary>
    public required IReadOnlySet<CityExposure> Expected { get; init; }

    /// <summary>The tracing report, classified: each person's strongest tier, with the kinds at that tier.</summary>
    public required IReadOnlySet<CityExposure> Found { get; init; }

    /// <summary>The partner's notifications about the script's people, classified the same way.</summary>
    public required IReadOnlySet<CityExposure> PartnerFound { get; init; }

    /// <summary>The case reported (An).</summary>
    public required string CaseId { get; init; }

    /// <summary>The exposures of <c>GetTracingReport</c>, as the server returned them.</summary>
    public required IReadOnlyList<Exposure> Report { get; init; }

    /// <summary>The notifications the partner fetched that concern the script's people.</summary>
    public required IReadOnlyList<ExposureNotification> PartnerNotifications { get; init; }

    /// <summary>The partner's resume token after its last fetch.</summary>
    public required string PartnerNextToken { get; init; }

    /// <summary>The script's people by name (An, Bình, Chi, Dũng, Em, Phúc, and the venue manager) with their user ids.</summary>
    public required IReadOnlyDictionary<string, string> UserIds { get; init; }

    /// <summary>Expected exposures the report lacks.</summary>
    public IReadOnlyList<CityExposure> Missing => Sorted(Expected.Except(Found));

    /// <summary>Exposures in the report the script did not expect.</summary>
    public IReadOnlyList<CityExposure> Unexpected => Sorted(Found.Except(Expected));

    /// <summary>Expected exposures the partner was not notified of.</summary>
    public IReadOnlyList<CityExposure> PartnerMissing => Sorted(Expected.Except(PartnerFound));

    /// <summary>Notifications the partner received that the script did not expect.</summary>
    public IReadOnlyList<CityExposure> PartnerUnexpected => Sorted(PartnerFound.Except(Expected));

    /// <summary>True when the report and the partner's notifications both match the expectation exactly.</summary>
    public bool Matches => Expected.SetEquals(Found) && Expected.SetEquals(PartnerFound);

    private static List<CityExposure> Sorted(IEnumerable<CityExposure> exposures)
    {
        var list = exposures.ToList();
        list.Sort();
        return list;
    }
}
