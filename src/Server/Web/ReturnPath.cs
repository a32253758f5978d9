namespace Tracing.Server.Web;

/// <summary>
/// Where the portal may send a browser after sign-in: a path of this site only. A crafted <c>tiep</c> link must not
/// turn the portal into a redirector to another site (a phishing page that looks like the next step of sign-in).
/// </summary>
/// <remarks>
/// Browsers repair a URL before following it: they drop tabs and line breaks anywhere, read <c>\</c> as <c>/</c>,
/// and read a leading <c>//</c> as "another host". So <c>/%09/evil.example</c> (a tab, once decoded) becomes
/// <c>//evil.example</c>. Rather than list what is dangerous, a return path is accepted only when it is made of the
/// characters of a URL path and query (RFC 3986, no <c>\</c>, no space, no control character, no fragment), starts
/// with a single <c>/</c>, holds no <c>//</c>, and stays so after each round of percent-decoding.
/// </remarks>
internal static class ReturnPath
{
    /// <summary>Where a person goes after sign-in when no safe path was asked for: their venues.</summary>
    public const string Default = "/dia-diem";

    /// <summary>Rounds of percent-decoding checked: more than any browser or proxy applies in a row.</summary>
    private const int DecodingRounds = 3;

    /// <summary><paramref name="asked"/> when it is a safe local path, otherwise <see cref="Default"/>.</summary>
    public static string SafeOrDefault(string? asked) => IsSafeLocal(asked) ? asked! : Default;

    /// <summary>True when <paramref name="asked"/> is a path of this site that no browser reads as another host.</summary>
    public static bool IsSafeLocal(string? asked)
    {
        if (asked is not { Length: > 1 } path || !IsSafeShape(path) || path.AsSpan().ContainsAnyExcept(AllowedCharacters))
            return false;
        var decoded = path;
        for (var round = 0; round < DecodingRounds; round++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
                return true;
            if (!IsSafeShape(next) || ContainsUnsafeCharacter(next))
                return false;
            decoded = next;
        }
        // Still changing after the rounds a browser could apply: nothing a person's own link needs.
        return false;
    }

    private static bool IsSafeShape(string path)
        => path.Length > 1 && path[0] == '/' && path[1] != '/' && !path.Contains("//", StringComparison.Ordinal);

    private static bool ContainsUnsafeCharacter(string decoded)
    {
        foreach (var c in decoded)
        {
            if (c <= ' ' || c == '\\' || c == '\u007F' || char.IsWhiteSpace(c) || char.IsControl(c)
                || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format)
                return true;
        }
        return false;
    }

    /// <summary>RFC 3986 <c>pchar</c>, <c>/</c> and <c>?</c>, and <c>%</c> for escapes: the characters of a path and query.</summary>
    private static readonly System.Buffers.SearchValues<char> AllowedCharacters = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%");
}
