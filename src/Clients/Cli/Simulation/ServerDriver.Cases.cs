using Google.Protobuf.WellKnownTypes;
using Tracing.Cli.Rpc;
using Tracing.V1;

namespace Tracing.Cli.Simulation;

internal sealed partial class ServerDriver
{
    // GAEN phones keep 14 days of keys.
    private static readonly TimeSpan s_keysKept = TimeSpan.FromDays(14);

    private async Task ReportCasesAsync(SimulatedCity simulated, SimulatedDevice?[] phones, ServerRun run, CancellationToken cancellationToken)
    {
        Say($"reporting {simulated.Cases.Count} cases; each case's phone uploads its keys");
        foreach (var reported in Progress.Track(simulated.Cases, "cases", progress, interactive))
        {
            var device = phones[reported.Person]!;
            var response = await health.Cases.ReportCaseAsync(
                new ReportCaseRequest
                {
                    UserId = device.UserId,
                    TestDate = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(reported.ReportedAt)),
                    SymptomOnsetDate = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(reported.OnsetAt)),
                    ReportType = ReportType.ConfirmedTest,
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            run.CaseIds.Add(response.CaseId);

            var now = DateTimeOffset.UtcNow;
            var from = response.InfectiousFrom?.ToDateTimeOffset() ?? DateTimeOffset.FromUnixTimeSeconds(reported.InfectiousFrom);
            if (from < now - s_keysKept)
                from = now - s_keysKept;
            var upload = new UploadDiagnosisKeysRequest { VerificationCode = response.VerificationCode };
            upload.Keys.AddRange(device.Phone.GetDiagnosisKeys(from, now));
            await device.Client.Cases.UploadDiagnosisKeysAsync(upload, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadReportsAsync(ServerRun run, CancellationToken cancellationToken)
    {
        Say($"reading {run.CaseIds.Count} tracing reports");
        foreach (var caseId in Progress.Track(run.CaseIds, "reports", progress, interactive))
        {
            var report = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = caseId }, cancellationToken: cancellationToken).ConfigureAwait(false);
            run.Exposures.AddRange(report.Exposures);
            run.ConfirmedExposures.AddRange(report.Exposures);
        }
    }

    /// <summary>
    /// Reports every F1 the confirmed cases' reports found (with a phone, not a case already) as
    /// <c>REPORT_TYPE_RECURSIVE</c>, and uploads that F1's keys, so that the server finds F2s by proximity too.
    /// Each window opens at the F1's earliest exposure: the server opens it two days before the test date, which
    /// may lie at most a day ahead, so for exposures in the last day it opens up to a day early.
    /// </summary>
    private async Task ReportContactsAsync(SimulatedCity simulated, SimulatedDevice?[] phones, ServerRun run, CancellationToken cancellationToken)
    {
        var cases = simulated.Cases.Select(c => c.Person).ToHashSet();
        var people = new Dictionary<string, int>();
        for (var i = 0; i < run.UserIds.Length; i++)
        {
            if (run.UserIds[i] is { } userId)
                people[userId] = i;
        }

        var exposedAt = new SortedDictionary<int, DateTimeOffset>();
        foreach (var exposure in run.Exposures)
        {
            if (exposure.Tier != Tier.F1 || !people.TryGetValue(exposure.UserId, out var person) || cases.Contains(person) || exposure.Start is null)
                continue;
            var start = exposure.Start.ToDateTimeOffset();
            exposedAt[person] = exposedAt.TryGetValue(person, out var known) && known < start ? known : start;
        }

        Say($"reporting {exposedAt.Count:N0} F1s as REPORT_TYPE_RECURSIVE; their phones upload their keys");
        var recursive = new List<Exposure>();
        await Parallel.ForEachAsync(
            Progress.Track(exposedAt.ToList(), "F1s", progress, interactive),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                var (person, since) = entry;
                var device = phones[person]!;
                var now = DateTimeOffset.UtcNow;
                var testDate = since + ContactRules.InfectiousLead;
                var latest = now.AddDays(1).AddMinutes(-5);
                var response = await health.Cases.ReportCaseAsync(
                    new ReportCaseRequest
                    {
                        UserId = device.UserId,
                        TestDate = Timestamp.FromDateTimeOffset(testDate < latest ? testDate : latest),
                        ReportType = ReportType.Recursive,
                    },
                    cancellationToken: token).ConfigureAwait(false);
                var from = response.InfectiousFrom?.ToDateTimeOffset() ?? since;
                var upload = new UploadDiagnosisKeysRequest { VerificationCode = response.VerificationCode };
                upload.Keys.AddRange(device.Phone.GetDiagnosisKeys(from < now - s_keysKept ? now - s_keysKept : from, now));
                await device.Client.Cases.UploadDiagnosisKeysAsync(upload, cancellationToken: token).ConfigureAwait(false);
                var report = await health.Cases.GetTracingReportAsync(new GetTracingReportRequest { CaseId = response.CaseId }, cancellationToken: token).ConfigureAwait(false);
                lock (recursive)
                {
                    recursive.AddRange(report.Exposures);
                    run.RecursiveCaseIds.Add(response.CaseId);
                }
            }).ConfigureAwait(false);
        run.Exposures.AddRange(recursive);
    }
}
