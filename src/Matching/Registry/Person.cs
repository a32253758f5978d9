namespace Tracing.Matching.Registry;

/// <summary>A registered person: a verified phone, an anonymous Bluetooth-only device, or a visitor typed in by staff.</summary>
/// <param name="UserId">The opaque id other programs see.</param>
/// <param name="Number">The compact internal number used in packed records.</param>
public sealed record Person(string UserId, uint Number, string Phone, bool Anonymous, bool PhoneVerified, string FullName, int BirthYear);
