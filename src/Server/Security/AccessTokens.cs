using System.Globalization;

namespace Tracing.Server.Security;

/// <summary>
/// Bearer tokens for people: <c>&lt;user_id&gt;.&lt;expiry unix seconds&gt;.&lt;signature&gt;</c>, signed with a key of
/// the server's key ring, so they are checked without a store read.
/// </summary>
public sealed class AccessTokens(KeyRing keys, TimeProvider time)
{
    /// <summary>How long a token is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly Signer _signer = new(keys.KeyFor("access-token"));

    /// <summary>A new token for <paramref name="userId"/> and when it expires.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var body = $"{userId}.{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        return ($"{body}.{_signer.Sign(body)}", expires);
    }

    /// <summary>The user id of a valid, unexpired token; null otherwise.</summary>
    public string? Validate(string token)
    {
        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0)
            return null;
        var body = token[..lastDot];
        if (!_signer.Verify(body, token[(lastDot + 1)..]))
            return null;
        var firstDot = body.LastIndexOf('.');
        if (firstDot <= 0 || !long.TryParse(body[(firstDot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return null;
        return time.GetUtcNow().ToUnixTimeSeconds() < expires ? body[..firstDot] : null;
    }
}
