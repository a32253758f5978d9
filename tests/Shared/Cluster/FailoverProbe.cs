using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Tracing.Clients;
using Tracing.Crash;
using Tracing.V1;

namespace Tracing.ClusterHarness;

/// <summary>
/// Times how long after a silo died every partition serves again: a case match touches every partition (a case's
/// proximity match asks each one for the observers who heard its identifiers) and the control plane (the case, its
/// person), so the first match that succeeds through a survivor after the kill marks the end of the failover.
/// </summary>
internal static class FailoverProbe
{
    /// <summary>Probes through <paramref name="survivors"/> (in turn) until a case match succeeds; returns the time since <paramref name="sinceKill"/> started and the failed probes.</summary>
    public static async Task<(TimeSpan Failover, List<string> FailedProbes)> UntilEveryPartitionServesAsync(IReadOnlyList<string> survivors, Stopwatch sinceKill, DateTimeOffset now, TimeSpan timeout)
    {
        var failed = new List<string>();
        for (var attempt = 0; ; attempt++)
        {
            var address = survivors[attempt % survivors.Count];
            try
            {
                await MatchAsync(address, now, TimeSpan.FromSeconds(30));
                return (sinceKill.Elapsed, failed);
            }
            catch (RpcException failure) when (sinceKill.Elapsed < timeout)
            {
                failed.Add($"{sinceKill.Elapsed.TotalSeconds:F2} s via {address}: {failure.StatusCode} {failure.Status.Detail}");
                await Task.Delay(100);
            }
        }
    }

    /// <summary>A new case whose phone's keys match no one: registered, reported, keys uploaded (the match runs over every partition).</summary>
    public static async Task MatchAsync(string address, DateTimeOffset now, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        using var anonymous = TracingClient.Anonymous(address);
        using var health = anonymous.WithApiKey(ChildServer.HealthKey);
        var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = "probe" }, deadline: until);
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
        {
            UserId = device.UserId,
            TestDate = Timestamp.FromDateTimeOffset(now),
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(now.AddDays(-1)),
        }, deadline: until);
        using var phone = anonymous.WithAccessToken(device.AccessToken);
        var keys = new SimulatedPhone().GetDiagnosisKeys(now.AddDays(-3), now);
        await phone.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest { VerificationCode = report.VerificationCode, Keys = { keys } }, deadline: until);
    }
}
