namespace Tracing.Server;

/// <summary>The server's log messages (source-generated).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Unexpected failure in {Method}")]
    public static partial void UnexpectedError(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Store opened in {DataDir} in {Recovery}")]
    public static partial void StoreOpened(ILogger logger, string dataDir, Matching.StoreRecovery recovery);

    [LoggerMessage(3, LogLevel.Information, "SMS to {MaskedPhone} written to the development outbox")]
    public static partial void SmsWritten(ILogger logger, string maskedPhone);

    [LoggerMessage(4, LogLevel.Information, "Case {CaseId} reported by {Reporter}: {Exposures} exposures found")]
    public static partial void CaseReported(ILogger logger, string caseId, string reporter, int exposures);

    [LoggerMessage(5, LogLevel.Information, "Retention applied: data older than {Days} days deleted, {Records} records of people among it")]
    public static partial void RetentionApplied(ILogger logger, double days, long records);

    [LoggerMessage(6, LogLevel.Error, "Retention failed; it is tried again within the hour")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Observation log of before the restart applied again in {Seconds:F2} s, while serving")]
    public static partial void ObservationReplayDone(ILogger logger, double seconds);

    [LoggerMessage(8, LogLevel.Error, "Applying the observation log of before the restart failed; uploads and matches are refused until the server is restarted")]
    public static partial void ObservationReplayFailed(ILogger logger, Exception exception);

    [LoggerMessage(80, LogLevel.Information, "SMS to {MaskedPhone} handed to the SMS gateway")]
    public static partial void SmsSent(ILogger logger, string maskedPhone);

    [LoggerMessage(81, LogLevel.Warning, "The SMS gateway did not take the message to {MaskedPhone}: {Reason}")]
    public static partial void SmsGatewayFailed(ILogger logger, string maskedPhone, string reason);

    [LoggerMessage(82, LogLevel.Warning, "{Count} files and folders under {DataDir} were not owner-only; they are 0700 (folders) and 0600 (files) now")]
    public static partial void DataFolderRestricted(ILogger logger, int count, string dataDir);

    [LoggerMessage(9, LogLevel.Information, "Backup taken: {Files} files, {Megabytes:F1} MB in {Seconds:F1} s")]
    public static partial void BackupTaken(ILogger logger, int files, double megabytes, double seconds);
}
