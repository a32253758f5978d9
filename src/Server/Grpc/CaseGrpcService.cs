using System.Diagnostics;
using Grpc.Core;
using Tracing.Matching;
using Tracing.Matching.Registry;
using Tracing.Matching.Tracing;
using Tracing.Server.Privacy;
using Tracing.Server.Security;
using Tracing.V1;

namespace Tracing.Server.Grpc;

/// <summary>CaseService: case reports by health departments, key uploads by cases, tracing reports.</summary>
/// <remarks>
/// A provincial health department may report a person of any province: a case is reported where it was tested, and
/// people travel and work across provinces, so the person's home province cannot decide. What keeps a key from
/// harvesting the country instead: the case records the reporting department (its name and province) and only that
/// province reads its tracing report, every report and tracing report is in the audit log, and a key reports at most
/// <see cref="Limits.LimitSettings.CasesPerKey"/> cases a day.
/// </remarks>
public sealed class CaseGrpcService(TracingEngine engine, CasesFirst casesFirst, AuditLog audit, ILogger<CaseGrpcService> logger) : CaseService.CaseServiceBase
{
    /// <inheritdoc />
    public override async Task<ReportCaseResponse> ReportCase(ReportCaseRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        caller.RequireHealthDepartment();
        using var first = casesFirst.Begin();
        Person person;
        if (request.UserId.Length > 0)
            person = engine.People.Find(request.UserId) ?? throw new TracingException(TracingError.NotFound, $"No one is registered with user_id '{request.UserId}'.", $"Không có ai đăng ký với mã người dùng \"{request.UserId}\".");
        else if (request.Phone.Length > 0)
            person = engine.People.FindByPhone(PhoneNumber.Require(request.Phone, "phone")) ?? throw new TracingException(TracingError.NotFound, "No one is registered with this phone; report by user_id instead.", "Không có ai đăng ký với số điện thoại này. Bạn hãy báo cáo theo mã người dùng.");
        else
            throw new TracingException(TracingError.InvalidArgument, "Name the case by user_id or phone.", "Bạn hãy cho biết ca bệnh là ai: mã người dùng hoặc số điện thoại.");
        var kind = request.ReportType switch
        {
            ReportType.Unspecified or ReportType.ConfirmedTest => ReportKind.ConfirmedTest,
            ReportType.Recursive => ReportKind.Recursive,
            _ => throw new TracingException(TracingError.InvalidArgument, "report_type must be REPORT_TYPE_CONFIRMED_TEST or REPORT_TYPE_RECURSIVE.", "Bạn hãy chọn loại báo cáo: ca xác nhận bằng xét nghiệm hoặc ca truy vết tiếp."),
        };
        var report = engine.Cases.Report(person, ProtoMapping.Optional(request.TestDate, "test_date"), ProtoMapping.Optional(request.SymptomOnsetDate, "symptom_onset_date"), kind, caller.Province, caller.Name);
        await DurableAsync("report", context.CancellationToken).ConfigureAwait(false);
        // Who was reported, as the user id (never the phone it may have been found by): a case report names a person.
        audit.Record(caller, nameof(ReportCase), $"case={report.CaseId}; user_id={person.UserId}", 1);
        ServerLog.CaseReported(logger, report.CaseId, caller.Name, report.ExposuresFound);
        return new ReportCaseResponse
        {
            CaseId = report.CaseId,
            VerificationCode = report.VerificationCode,
            VerificationCodeExpiresAt = report.CodeExpiresAt.ToTimestamp(),
            InfectiousFrom = report.InfectiousFrom.ToTimestamp(),
            InfectiousUntil = report.InfectiousUntil.ToTimestamp(),
            ExposuresFound = report.ExposuresFound,
        };
    }

    /// <inheritdoc />
    public override async Task<UploadDiagnosisKeysResponse> UploadDiagnosisKeys(UploadDiagnosisKeysRequest request, ServerCallContext context)
    {
        var person = context.Caller().RequirePerson();
        using var first = casesFirst.Begin();
        var keys = request.Keys.Select(k => new Matching.Tracing.DiagnosisKey(
            k.KeyData.ToByteArray(),
            k.RollingStartIntervalNumber >= 0 ? (uint)k.RollingStartIntervalNumber : throw new TracingException(TracingError.InvalidArgument, "rolling_start_interval_number cannot be negative.", "Thời điểm bắt đầu của khoá phơi nhiễm không được âm."),
            k.RollingPeriod == 0 ? 144 : k.RollingPeriod)).ToList();
        var result = engine.Cases.UploadKeys(person, request.VerificationCode.Trim(), keys);
        await DurableAsync("keys", context.CancellationToken).ConfigureAwait(false);
        return new UploadDiagnosisKeysResponse { KeysAccepted = result.KeysAccepted, ExposuresFound = result.ExposuresFound };
    }

    /// <inheritdoc />
    public override Task<GetTracingReportResponse> GetTracingReport(GetTracingReportRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        caller.RequireHealthDepartment();
        var file = engine.Cases.Find(request.CaseId) ?? throw new TracingException(TracingError.NotFound, $"No case '{request.CaseId}'.", $"Không có ca bệnh \"{request.CaseId}\".");
        if (!caller.CoversProvince(file.ProvinceCode))
            throw new TracingException(TracingError.PermissionDenied, "This case was reported by another province's health department.", "Ca bệnh này do cơ quan y tế của tỉnh khác báo cáo.");
        var response = new GetTracingReportResponse
        {
            CaseId = file.CaseId,
            ReportType = file.Kind == ReportKind.Recursive ? ReportType.Recursive : ReportType.ConfirmedTest,
            InfectiousFrom = file.InfectiousFrom.ToTimestamp(),
            InfectiousUntil = file.InfectiousUntil.ToTimestamp(),
            KeysUploaded = file.KeysUploaded,
            ReportedBy = file.ReportedBy,
            ReportingProvinceCode = file.ProvinceCode,
        };
        foreach (var exposure in file.Exposures)
        {
            var exposed = engine.People.Find(exposure.UserId);
            response.Exposures.Add(exposure.ToProto(exposed is null ? "" : engine.People.PhoneToReach(exposed), exposed is not null && engine.People.PhoneToReachIsVerified(exposed)));
        }
        audit.Record(caller, nameof(GetTracingReport), $"case={file.CaseId}", response.Exposures.Count);
        return Task.FromResult(response);
    }

    /// <summary>Waits for the case call's writes to be durable, timed (<c>tracing.case.durable.duration</c>): with the step's tracing time, where a slow answer went.</summary>
    private async Task DurableAsync(string step, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await engine.CommitAsync(cancellationToken).ConfigureAwait(false);
        Telemetry.ServerMetrics.CaseDurable(step, Stopwatch.GetElapsedTime(started));
    }
}
