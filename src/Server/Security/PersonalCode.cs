namespace Tracing.Server.Security;

/// <summary>What a scanned personal QR code says: whose it is when genuine and current, or that it expired.</summary>
/// <param name="UserId">The person of a genuine, current code; null otherwise.</param>
/// <param name="Expired">A genuine code past <see cref="QrPayloads.PersonalCodeLifetime"/>.</param>
public readonly record struct PersonalCode(string? UserId, bool Expired);
