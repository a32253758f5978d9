using Tracing.V1;

namespace Tracing.Cli.Simulation;

/// <summary>What driving a simulated city through a server produced: the ids it gave out, tallies, and the tracing reports.</summary>
internal sealed class ServerRun
{
    /// <summary>The user id of each person with the app (null for the others).</summary>
    public required string?[] UserIds { get; init; }

    /// <summary>The server's venue id of each venue.</summary>
    public required string[] VenueIds { get; init; }

    /// <summary>Scans the server accepted (a valid declaration was on file).</summary>
    public long ScansAccepted { get; set; }

    /// <summary>Scans recorded but answered DECLARATION_REQUIRED.</summary>
    public long ScansDeclarationRequired { get; set; }

    /// <summary>Scans refused, and a few reasons.</summary>
    public long ScansRejected { get; set; }

    /// <summary>Observations the server stored.</summary>
    public long ObservationsAccepted { get; set; }

    /// <summary>Observations refused.</summary>
    public long ObservationsRejected { get; set; }

    /// <summary>Why scans or observations were refused (a few examples).</summary>
    public List<string> RejectionReasons { get; } = [];

    /// <summary>The case id of each reported case, in report order.</summary>
    public List<string> CaseIds { get; } = [];

    /// <summary>The case ids of the F1s reported as REPORT_TYPE_RECURSIVE (with --recursive).</summary>
    public List<string> RecursiveCaseIds { get; } = [];

    /// <summary>Every exposure of every tracing report.</summary>
    public List<Exposure> Exposures { get; } = [];

    /// <summary>The exposures of the confirmed cases' reports (before any recursive ones).</summary>
    public List<Exposure> ConfirmedExposures { get; } = [];
}
