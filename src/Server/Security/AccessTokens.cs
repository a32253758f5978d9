using System.Globalization;

namespace Tracing.Server.Security;

/// <summary>
/// Bearer tokens for people: <c>&lt;user_id&gt;.&lt;expiry unix seconds&gt;.&lt;signature&gt;</c>, or, once the person
/// has signed out everywhere, <c>&lt;user_id&gt;.&lt;expiry&gt;.g&lt;generation&gt;.&lt;signature&gt;</c> — signed with a
/// key of the server's key ring, so they are checked without a store read. The generation (see
/// <see cref="Matching.Registry.SignIns"/>) is compared with the person's by <see cref="CallerResolver"/>.
/// </summary>
public sealed class AccessTokens(KeyRing keys, TimeProvider time)
{
    /// <summary>How long a token is valid.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly Signer _signer = new(keys.KeyFor("access-token"));

    /// <summary>A new token for <paramref name="userId"/> in sign-in <paramref name="generation"/>, and when it expires.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, ulong generation = 0)
    {
        var expires = time.GetUtcNow() + Lifetime;
        var body = $"{userId}.{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
        if (generation > 0)
            body += $".g{generation.ToString(CultureInfo.InvariantCulture)}";
        return ($"{body}.{_signer.Sign(body)}", expires);
    }

    /// <summary>The user id of a valid, unexpired token; null otherwise.</summary>
    public string? Validate(string token) => Read(token)?.UserId;

    /// <summary>The user id and sign-in generation of a valid, unexpired token; null otherwise.</summary>
    public (string UserId, ulong Generation)? Read(string token)
    {
        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0)
            return null;
        var body = token[..lastDot];
        if (!_signer.Verify(body, token[(lastDot + 1)..]))
            return null;
        var parts = body.Split('.');
        ulong generation = 0;
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || (parts.Length == 3 && !(parts[2].StartsWith('g') && ulong.TryParse(parts[2].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out generation))))
        {
            return null;
        }
        return time.GetUtcNow().ToUnixTimeSeconds() < expires ? (parts[0], generation) : null;
    }
}
