using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.Crash;
using Tracing.V1;

namespace Tracing.ClusterHarness;

/// <summary>
/// What a case finds, written so that two servers holding the same data (with their own user and venue ids) can be
/// compared line by line: one line per exposure, naming the person by their place in the cast, sorted.
/// </summary>
internal static class CaseContacts
{
    /// <summary>
    /// A new device reported as a case (health department API key) uploads the case phone's keys
    /// (<c>UploadDiagnosisKeys</c>); returns its tracing report's exposures.
    /// </summary>
    public static async Task<IReadOnlyList<string>> OfCasePhoneAsync(string address, CrashCast cast, IReadOnlyDictionary<string, string> names)
    {
        using var anonymous = TracingClient.Anonymous(address);
        using var health = anonymous.WithApiKey(ChildServer.HealthKey);
        var report = await CasePhone.ReportAndUploadAsync(anonymous, health, cast, "cluster");
        return await ExposuresAsync(health, report.CaseId, names);
    }

    /// <summary>A person reported as a case from their visits (<c>ReportCase</c>); returns its tracing report's exposures.</summary>
    public static async Task<IReadOnlyList<string>> OfPersonAsync(string address, string userId, DateTimeOffset onset, IReadOnlyDictionary<string, string> names)
    {
        using var health = TracingClient.ForApiKey(address, ChildServer.HealthKey);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
        {
            UserId = userId,
            TestDate = Timestamp.FromDateTimeOffset(onset.AddDays(1)),
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(onset),
        });
        return await ExposuresAsync(health, report.CaseId, names);
    }

    /// <summary>The observers of a cast by user id: "observer 7".</summary>
    public static Dictionary<string, string> Names(CrashCast cast) => cast.Observers.ToDictionary(o => o.UserId, o => $"observer {o.Number}");

    private static async Task<IReadOnlyList<string>> ExposuresAsync(TracingClient health, string caseId, IReadOnlyDictionary<string, string> names)
    {
        var tracing = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = caseId });
        return tracing.Exposures
            .Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Kind} {names.GetValueOrDefault(e.UserId, "someone else")} {e.Tier} at '{e.VenueName}' {e.Start.ToDateTimeOffset():u}–{e.End.ToDateTimeOffset():u} {e.WeightedMinutes:F3} min risk {e.RiskScore}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
