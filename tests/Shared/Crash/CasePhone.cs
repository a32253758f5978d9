using Google.Protobuf.WellKnownTypes;
using Tracing.Clients;
using Tracing.V1;

namespace Tracing.Crash;

/// <summary>The cast's case phone, as a health department traces it.</summary>
internal static class CasePhone
{
    /// <summary>
    /// A new device is reported as a case (by <paramref name="health"/>) and uploads the case phone's keys
    /// (<c>UploadDiagnosisKeys</c>); returns the case's report, whose tracing then lists every observer found.
    /// </summary>
    public static async Task<ReportCaseResponse> ReportAndUploadAsync(TracingClient anonymous, TracingClient health, CrashCast cast, string platform)
    {
        var device = await anonymous.Auth.RegisterDeviceAsync(new RegisterDeviceRequest { Platform = platform });
        var report = await health.Cases.ReportCaseAsync(new ReportCaseRequest
        {
            UserId = device.UserId,
            TestDate = Timestamp.FromDateTimeOffset(cast.Now),
            // The infectious window opens two days before onset: before the first slot.
            SymptomOnsetDate = Timestamp.FromDateTimeOffset(cast.HeardFrom.AddDays(1)),
        });
        using var phone = anonymous.WithAccessToken(device.AccessToken);
        await phone.Cases.UploadDiagnosisKeysAsync(new UploadDiagnosisKeysRequest { VerificationCode = report.VerificationCode, Keys = { cast.CaseKeys() } });
        return report;
    }
}
