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
        }
    }
}
