namespace Tracing.Matching.Tracing;

/// <summary>A temporary exposure key uploaded by a case.</summary>
public readonly record struct DiagnosisKey(byte[] KeyData, uint RollingStartInterval, int RollingPeriod);
