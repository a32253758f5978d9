namespace Tracing.Matching.Registry;

/// <summary>
/// A registered person: a verified phone, an anonymous Bluetooth-only device, a visitor typed in by staff, or a family
/// member declared on someone's behalf (a dependent).
/// </summary>
/// <param name="UserId">The opaque id other programs see.</param>
/// <param name="Number">The compact internal number used in packed records.</param>
/// <param name="Phone">The phone the person signed in with (or staff typed in): the one in the phone index; empty for devices and dependents.</param>
public sealed record Person(string UserId, uint Number, string Phone, bool Anonymous, bool PhoneVerified, string FullName, int BirthYear)
{
    /// <summary>The phone the person last declared when they have no <see cref="Phone"/> of their own: unverified, never in the phone index.</summary>
    public string DeclaredPhone { get; init; } = "";

    /// <summary>For a dependent, the user id of the person who declares for them; empty otherwise.</summary>
    public string GuardianUserId { get; init; } = "";

    /// <summary>The phone tracing calls: <see cref="Phone"/>, else the one they declared.</summary>
    public string ContactPhone => Phone.Length > 0 ? Phone : DeclaredPhone;

    /// <summary>The identity the person has now (from their latest declaration).</summary>
    public PersonIdentity Identity => new(FullName, BirthYear, ContactPhone);
}
