using System.Globalization;
using System.Text.Json;

namespace Tracing.Cli.Simulation;

/// <summary>Prints an outcome: a table for people, or one JSON object for scripts.</summary>
internal static class SimulationReport
{
    /// <summary>The human summary: the city, what was uploaded, and precision / recall per tier.</summary>
    public static void WriteTable(SimulationOutcome outcome, string? chartPath, TextWriter output)
    {
        var s = outcome.Simulated;
        var city = s.City;
        var run = outcome.Run;
        var local = SimulationOptions.LocalOffset;
        output.WriteLine(
            Invariant($"Simulated {city.People.Count:N0} people in {city.Households.Count:N0} households ({city.People.Count(p => p.HasApp):N0} with the app), ") +
            Invariant($"{city.Venues.Count:N0} venues, {s.Options.Days} days ({s.Options.Start.ToOffset(local):yyyy-MM-dd} to {s.Options.End.AddDays(-1).ToOffset(local):yyyy-MM-dd}, Vietnam time), seed {s.Options.Seed}."));
        output.WriteLine(
            Invariant($"Uploaded {s.Scans.Count:N0} QR scans (accepted {run.ScansAccepted:N0}, declaration required {run.ScansDeclarationRequired:N0}, rejected {run.ScansRejected:N0}) ") +
            Invariant($"and {s.Sightings.Count:N0} Bluetooth observations (accepted {run.ObservationsAccepted:N0}, rejected {run.ObservationsRejected:N0})."));
        foreach (var reason in run.RejectionReasons)
            output.WriteLine($"  rejected: {reason}");
        output.WriteLine(
            Invariant($"Outbreak: {s.Options.SeedCases} seed cases, {s.Outbreak.Infections.Count:N0} infections in all; {s.Cases.Count} cases reported, ") +
            Invariant($"{run.Exposures.Count:N0} exposures in their tracing reports ({outcome.ExposuresOutside} about people outside the simulation)."));
        output.WriteLine();
        output.WriteLine("tier  truth  with app  found  correct  precision  recall  recall (app)  venue (app)  proximity (app)");
        WriteRow(output, "F1", outcome.F1);
        WriteRow(output, "F2", outcome.F2);
        output.WriteLine(Invariant($"{outcome.F1AlertedAsF2} truly F1 people were alerted only as F2 (an F1 miss and an F2 false alarm)."));
        output.WriteLine();
        output.WriteLine("truth: people the reported cases exposed by the SPEC's rules, from true visits and true distances (phones or not);");
        output.WriteLine("found: people in the server's tracing reports; recall (app): among people with the app, the only ones it can find;");
        output.WriteLine("venue / proximity (app): among app users truly exposed that way, the share the server found exposed that way.");
        output.WriteLine(run.RecursiveCaseIds.Count > 0
            ? Invariant($"{run.RecursiveCaseIds.Count:N0} F1s were reported as REPORT_TYPE_RECURSIVE and uploaded their keys: F2 includes proximity.")
            : "F2 by proximity needs the F1s' keys (REPORT_TYPE_RECURSIVE, --recursive), which this run did not upload.");
        output.WriteLine(Invariant(
            $"server against its own input: {outcome.ReplayProximityF1} proximity F1s follow from the uploaded observations, the server found {outcome.ServerProximityF1}, {outcome.ProximityF1Agreeing} in both."));
        output.WriteLine($"ground truth fingerprint: {outcome.TruthFingerprint}");
        if (chartPath is not null)
            output.WriteLine($"chart: {chartPath}");
    }

    /// <summary>One JSON object with every number of the table and the daily series.</summary>
    public static void WriteJson(SimulationOutcome outcome, string? chartPath, TextWriter output)
    {
        var s = outcome.Simulated;
        var run = outcome.Run;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("seed", s.Options.Seed);
            json.WriteNumber("people", s.City.People.Count);
            json.WriteNumber("people_with_app", s.City.People.Count(p => p.HasApp));
            json.WriteNumber("households", s.City.Households.Count);
            json.WriteNumber("venues", s.City.Venues.Count);
            json.WriteNumber("days", s.Options.Days);
            json.WriteString("from", s.Options.Start);
            json.WriteString("to", s.Options.End);
            json.WriteNumber("scans", s.Scans.Count);
            json.WriteNumber("scans_accepted", run.ScansAccepted);
            json.WriteNumber("scans_declaration_required", run.ScansDeclarationRequired);
            json.WriteNumber("scans_rejected", run.ScansRejected);
            json.WriteNumber("observations", s.Sightings.Count);
            json.WriteNumber("observations_accepted", run.ObservationsAccepted);
            json.WriteNumber("observations_rejected", run.ObservationsRejected);
            json.WriteNumber("encounters", s.Encounters);
            json.WriteNumber("seed_cases", s.Options.SeedCases);
            json.WriteNumber("infections", s.Outbreak.Infections.Count);
            json.WriteNumber("cases_reported", s.Cases.Count);
            json.WriteNumber("recursive_reports", run.RecursiveCaseIds.Count);
            json.WriteNumber("exposures", run.Exposures.Count);
            json.WriteNumber("exposures_outside", outcome.ExposuresOutside);
            WriteTier(json, "f1", outcome.F1);
            WriteTier(json, "f2", outcome.F2);
            json.WriteNumber("f1_alerted_as_f2", outcome.F1AlertedAsF2);
            json.WriteStartObject("daily");
            WriteSeries(json, "infections", outcome.Daily.Infections);
            WriteSeries(json, "cases_reported", outcome.Daily.CasesReported);
            WriteSeries(json, "f1_alerts", outcome.Daily.F1Alerts);
            WriteSeries(json, "f2_alerts", outcome.Daily.F2Alerts);
            json.WriteEndObject();
            json.WriteStartObject("upload_replay");
            json.WriteNumber("proximity_f1_expected", outcome.ReplayProximityF1);
            json.WriteNumber("proximity_f1_found", outcome.ServerProximityF1);
            json.WriteNumber("proximity_f1_agreeing", outcome.ProximityF1Agreeing);
            json.WriteEndObject();
            json.WriteString("ground_truth_fingerprint", outcome.TruthFingerprint);
            if (chartPath is null)
                json.WriteNull("chart");
            else
                json.WriteString("chart", chartPath);
            json.WriteStartArray("rejection_reasons");
            foreach (var reason in run.RejectionReasons)
                json.WriteStringValue(reason);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteRow(TextWriter output, string tier, TierScore score) => output.WriteLine(Invariant(
        $"{tier,-4}  {score.Truth,5}  {score.TruthWithApp,8}  {score.Found,5}  {score.Correct,7}  {Ratio(score.Precision),9}  {Ratio(score.Recall),6}  {Ratio(score.RecallWithApp),12}  {Ratio(score.VenueRecallWithApp),11}  {Ratio(score.ProximityRecallWithApp),15}"));

    private static void WriteTier(Utf8JsonWriter json, string name, TierScore score)
    {
        json.WriteStartObject(name);
        json.WriteNumber("truth", score.Truth);
        json.WriteNumber("truth_with_app", score.TruthWithApp);
        json.WriteNumber("venue_truth_with_app", score.VenueTruthWithApp);
        json.WriteNumber("proximity_truth_with_app", score.ProximityTruthWithApp);
        json.WriteNumber("found", score.Found);
        json.WriteNumber("correct", score.Correct);
        WriteRatio(json, "precision", score.Precision);
        WriteRatio(json, "recall", score.Recall);
        WriteRatio(json, "recall_with_app", score.RecallWithApp);
        WriteRatio(json, "venue_recall_with_app", score.VenueRecallWithApp);
        WriteRatio(json, "proximity_recall_with_app", score.ProximityRecallWithApp);
        json.WriteEndObject();
    }

    private static void WriteRatio(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
            json.WriteNumber(name, Math.Round(v, 4));
        else
            json.WriteNull(name);
    }

    private static void WriteSeries(Utf8JsonWriter json, string name, int[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
            json.WriteNumberValue(value);
        json.WriteEndArray();
    }

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
