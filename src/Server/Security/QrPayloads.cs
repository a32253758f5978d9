namespace Tracing.Server.Security;

/// <summary>
/// Signed QR payloads. A venue's is a deep link <c>https://HOST/v/&lt;venue_id&gt;.&lt;signature&gt;</c>; a person's is
/// <c>TRACING:P:&lt;user_id&gt;.&lt;signature&gt;</c>. A forged or altered payload fails its signature check.
/// </summary>
public sealed class QrPayloads(KeyRing keys, string publicBaseUrl)
{
    private const string VenuePath = "/v/";
    private const string PersonPrefix = "TRACING:P:";
    private readonly Signer _signer = new(keys.KeyFor("qr-payload"));
    private readonly string _baseUrl = publicBaseUrl.TrimEnd('/');

    /// <summary>The payload printed in a venue's QR code.</summary>
    public string ForVenue(string venueId) => $"{_baseUrl}{VenuePath}{venueId}.{_signer.Sign("venue:" + venueId)}";

    /// <summary>The payload of a person's personal QR code.</summary>
    public string ForPerson(string userId) => $"{PersonPrefix}{userId}.{_signer.Sign("person:" + userId)}";

    /// <summary>The venue id of a genuine venue payload; null for anything else.</summary>
    public string? VenueOf(string payload)
    {
        var at = payload.LastIndexOf(VenuePath, StringComparison.Ordinal);
        return at < 0 ? null : Verified("venue:", payload[(at + VenuePath.Length)..]);
    }

    /// <summary>The user id of a genuine personal payload; null for anything else.</summary>
    public string? PersonOf(string payload)
        => payload.StartsWith(PersonPrefix, StringComparison.Ordinal) ? Verified("person:", payload[PersonPrefix.Length..]) : null;

    private string? Verified(string purpose, string idAndSignature)
    {
        var dot = idAndSignature.LastIndexOf('.');
        if (dot <= 0)
            return null;
        var id = idAndSignature[..dot];
        return _signer.Verify(purpose + id, idAndSignature[(dot + 1)..]) ? id : null;
    }
}
