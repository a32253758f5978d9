namespace Tracing.Matching.Tracing;

/// <summary>Why keys are reported: a confirmed test (F0), or a close contact whose own contacts become F2.</summary>
public enum ReportKind
{
    /// <summary>A positive test.</summary>
    ConfirmedTest = 1,

    /// <summary>A close contact (F1) reported so that its Bluetooth contacts become F2.</summary>
    Recursive = 2,
}

/// <summary>What a health department gets back from reporting a case.</summary>
public sealed record CaseReport(
    string CaseId,
    string VerificationCode,
    DateTimeOffset CodeExpiresAt,
    DateTimeOffset InfectiousFrom,
    DateTimeOffset InfectiousUntil,
    int ExposuresFound);

/// <summary>A case with every exposure traced from it so far.</summary>
public sealed record CaseFile(
    string CaseId,
    uint Person,
    ReportKind Kind,
    DateTimeOffset InfectiousFrom,
    DateTimeOffset InfectiousUntil,
    string ProvinceCode,
    bool KeysUploaded,
    IReadOnlyList<Exposure> Exposures,
    string ReportedBy = "");

/// <summary>The outcome of a diagnosis-key upload.</summary>
public sealed record KeyUploadResult(int KeysAccepted, int ExposuresFound);
