using System.Globalization;

namespace Tracing.Server.Security;

/// <summary>
/// Signed QR payloads. A venue's is a deep link <c>https://HOST/v/&lt;venue_id&gt;.&lt;signature&gt;</c>; a person's is
/// <c>TRACING:P:&lt;user_id&gt;.&lt;issued unix seconds&gt;.&lt;signature&gt;</c> and is valid for
/// <see cref="PersonalCodeLifetime"/> after it was issued. A forged or altered payload fails its signature check.
/// </summary>
public sealed class QrPayloads(KeyRing keys, string publicBaseUrl, TimeProvider time)
{
    /// <summary>
    /// How long a personal QR code stays valid after it is shown or printed. A venue poster is public and stays; a
    /// person's code lets whoever holds it check that person in at a door, so a photographed or lost one must stop
    /// working. A week lets a printed code serve someone without a smartphone for a week; the app shows a fresh one
    /// each time it is opened.
    /// </summary>
    public static readonly TimeSpan PersonalCodeLifetime = TimeSpan.FromDays(7);

    private const string VenuePath = "/v/";
    private const string PersonPrefix = "TRACING:P:";
    private readonly Signer _signer = new(keys.KeyFor("qr-payload"));
    private readonly string _baseUrl = publicBaseUrl.TrimEnd('/');

    /// <summary>The payload printed in a venue's QR code.</summary>
    public string ForVenue(string venueId) => $"{_baseUrl}{VenuePath}{venueId}.{_signer.Sign("venue:" + venueId)}";

    /// <summary>A new payload of a person's personal QR code, and when it stops being accepted.</summary>
    public (string Payload, DateTimeOffset ExpiresAt) ForPerson(string userId)
    {
        var issued = time.GetUtcNow();
        var body = $"{userId}.{issued.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return ($"{PersonPrefix}{body}.{_signer.Sign("person:" + body)}", DateTimeOffset.FromUnixTimeSeconds(issued.ToUnixTimeSeconds()) + PersonalCodeLifetime);
    }

    /// <summary>The venue id of a genuine venue payload; null for anything else.</summary>
    public string? VenueOf(string payload)
    {
        var at = payload.LastIndexOf(VenuePath, StringComparison.Ordinal);
        return at >= 0 && TryVerified("venue:", payload.AsSpan(at + VenuePath.Length), out var venueId) ? venueId.ToString() : null;
    }

    /// <summary>
    /// What a personal payload says: the user id of a genuine, current one; <see cref="PersonalCode.Expired"/> for a
    /// genuine one past <see cref="PersonalCodeLifetime"/> (or from before codes carried their issue time); neither
    /// for anything else.
    /// </summary>
    public PersonalCode PersonOf(string payload)
    {
        if (!payload.StartsWith(PersonPrefix, StringComparison.Ordinal) || !TryVerified("person:", payload.AsSpan(PersonPrefix.Length), out var body))
            return default;
        var dot = body.LastIndexOf('.');
        if (dot <= 0 || !long.TryParse(body[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
            return new PersonalCode(null, Expired: true);
        return time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued) >= PersonalCodeLifetime
            ? new PersonalCode(null, Expired: true)
            : new PersonalCode(body[..dot].ToString(), Expired: false);
    }

    /// <summary>Whether <paramref name="idAndSignature"/> is <c>&lt;id&gt;.&lt;signature&gt;</c> signed for <paramref name="purpose"/>; its id if so.</summary>
    private bool TryVerified(string purpose, ReadOnlySpan<char> idAndSignature, out ReadOnlySpan<char> id)
    {
        var dot = idAndSignature.LastIndexOf('.');
        id = dot > 0 ? idAndSignature[..dot] : default;
        return dot > 0 && _signer.Verify(purpose, id, idAndSignature[(dot + 1)..]);
    }
}
