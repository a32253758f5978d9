using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Tracing.Matching;
using Tracing.Matching.Regions;

namespace Tracing.Server.Security;

/// <summary>
/// Turns a call's metadata into a <see cref="Caller"/>: <c>authorization: Bearer</c> tokens for people,
/// <c>x-api-key</c> for health departments and partners (keys from <c>Auth:ApiKeys</c>, compared by hash).
/// </summary>
public sealed class CallerResolver
{
    private readonly AccessTokens _tokens;
    private readonly TracingEngine _engine;
    private readonly Dictionary<string, ApiKeySettings> _keysByHash;

    /// <summary>Creates the resolver from the configured API keys.</summary>
    public CallerResolver(AccessTokens tokens, TracingEngine engine, IOptions<AuthSettings> auth)
    {
        _tokens = tokens;
        _engine = engine;
        _keysByHash = new Dictionary<string, ApiKeySettings>(StringComparer.Ordinal);
        foreach (var (key, index) in auth.Value.ApiKeys.Select((key, index) => (key, index)))
        {
            var hash = (key.Key.Length > 0, key.KeyHash.Length > 0) switch
            {
                (true, false) => Hash(key.Key),
                (false, true) when key.KeyHash.Length == 64 && key.KeyHash.All(char.IsAsciiHexDigit) => key.KeyHash.ToUpperInvariant(),
                (false, true) => throw new InvalidOperationException($"Auth:ApiKeys:{index}:KeyHash must be the 64 hex digits of the key's SHA-256 (printf %s \"$KEY\" | sha256sum)."),
                _ => throw new InvalidOperationException($"Auth:ApiKeys:{index} ({key.Name}) needs exactly one of Key and KeyHash."),
            };
            // A key missing its role would bind as a health department's, with national scope if it had no province.
            if (key.Role is null)
                throw new InvalidOperationException($"Auth:ApiKeys:{index} ({key.Name}) needs a Role: HealthDepartment, Partner or Operator.");
            if (key.Province.Length > 0 && !AdministrativeRegions.ProvinceNames.ContainsKey(key.Province))
                throw new InvalidOperationException($"Auth:ApiKeys:{index} ({key.Name}) has Province '{key.Province}', which is no province code (79 is Hồ Chí Minh City, 01 Hà Nội); leave it empty only for national scope.");
            if (!_keysByHash.TryAdd(hash, key))
                throw new InvalidOperationException($"Auth:ApiKeys:{index} ({key.Name}) repeats the key of {_keysByHash[hash].Name}; every organisation needs its own.");
        }
    }

    /// <summary>The caller of a call; throws an unauthenticated refusal for credentials that do not check out.</summary>
    public Caller Resolve(Metadata headers)
    {
        var apiKey = headers.GetValue("x-api-key");
        if (!string.IsNullOrEmpty(apiKey))
        {
            if (!_keysByHash.TryGetValue(Hash(apiKey), out var key))
                throw new TracingException(TracingError.Unauthenticated, "The x-api-key is not known; check the key configured for your organisation.", "Khoá truy cập không đúng. Bạn hãy kiểm tra khoá đã được cấp cho tổ chức của mình.");
            var kind = key.Role switch
            {
                ApiKeyRole.HealthDepartment => CallerKind.HealthDepartment,
                ApiKeyRole.Operator => CallerKind.Operator,
                ApiKeyRole.Partner => CallerKind.Partner,
                _ => throw new InvalidOperationException($"API key {key.Name} has no role."),
            };
            return new Caller(kind, null, key.Name, key.Province);
        }
        var authorization = headers.GetValue("authorization");
        if (string.IsNullOrEmpty(authorization))
            return Caller.Anonymous;
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            throw new TracingException(TracingError.Unauthenticated, "The authorization header must read `Bearer <access_token>`.", "Thông tin đăng nhập gửi kèm không đúng dạng. Bạn hãy đăng nhập lại.");
        var token = _tokens.Read(authorization[scheme.Length..].Trim());
        var person = token is { } t ? _engine.People.Find(t.UserId) : null;
        if (person is null)
            throw new TracingException(TracingError.Unauthenticated, "The access token is invalid or expired; sign in again with VerifyOtp or RegisterDevice.", "Phiên đăng nhập không hợp lệ hoặc đã hết hạn. Bạn hãy đăng nhập lại.");
        if (token!.Value.Generation != _engine.SignIns.GenerationOf(person.UserId))
            throw new TracingException(TracingError.Unauthenticated, "This access token was signed out (sign out everywhere); sign in again with VerifyOtp.", "Phiên đăng nhập này đã bị đăng xuất (đăng xuất trên mọi thiết bị). Bạn hãy đăng nhập lại.");
        return new Caller(CallerKind.Person, person, person.UserId, "");
    }

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
