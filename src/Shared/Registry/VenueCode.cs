namespace Tracing.Matching.Registry;

/// <summary>
/// Venue codes, the venue ids people read off a poster and type: <c>v-</c>, ten random Crockford base-32 characters
/// and a check character (Luhn mod 32), e.g. <c>v-7k3m9q2x4tc</c>, shown as <c>V-7K3M9-Q2X4T-C</c>. The check
/// character catches any one mistyped character and two swapped neighbours (all but 0 and Z, the one swap Luhn mod
/// 32 cannot see). Typed codes are read leniently:
/// case, dashes and spaces do not matter, and I, L and O are read as 1, 1 and 0.
/// </summary>
public static class VenueCode
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private const string Prefix = "v-";
    private const int RandomLength = 10;

    /// <summary>A new random code.</summary>
    public static string New()
    {
        Span<char> code = stackalloc char[Prefix.Length + RandomLength + 1];
        Prefix.CopyTo(code);
        var body = code[Prefix.Length..];
        for (var i = 0; i < RandomLength; i++)
            body[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
        body[RandomLength] = Alphabet[CheckValue(body[..RandomLength])];
        return new string(code);
    }

    /// <summary>
    /// Reads a typed code into its canonical form; false when it is not a venue code, with a sentence saying why.
    /// </summary>
    public static bool TryRead(string typed, out string code, out string problem)
    {
        code = "";
        Span<char> body = stackalloc char[RandomLength + 1];
        var length = 0;
        var text = typed.Trim();
        if (text.Length < 1 || char.ToLowerInvariant(text[0]) != 'v')
        {
            problem = $"'{typed}' is not a venue code: venue codes start with V, e.g. V-7K3M9-Q2X4T-C.";
            return false;
        }
        foreach (var raw in text.AsSpan(1))
        {
            if (raw is '-' or ' ')
                continue;
            var c = char.ToLowerInvariant(raw) switch { 'i' or 'l' => '1', 'o' => '0', var other => other };
            if (Alphabet.IndexOf(c) < 0 || length == body.Length)
            {
                problem = $"'{typed}' is not a venue code: it has {(length == body.Length ? "too many characters" : $"the character '{raw}'")}.";
                return false;
            }
            body[length++] = c;
        }
        if (length != body.Length)
        {
            problem = $"'{typed}' is not a venue code: it has {length} of its {body.Length} characters after the V.";
            return false;
        }
        if (Alphabet[CheckValue(body[..RandomLength])] != body[RandomLength])
        {
            problem = $"'{typed}' is not a venue code: a character is mistyped (its check character does not match).";
            return false;
        }
        code = Prefix + new string(body);
        problem = "";
        return true;
    }

    /// <summary>
    /// Why <paramref name="typed"/> is not a venue code, in Vietnamese for the person who typed it (empty when it is one).
    /// </summary>
    public static string Mistyped(string typed)
    {
        if (TryRead(typed, out _, out _))
            return "";
        var text = typed.Trim();
        if (text.Length < 1 || char.ToLowerInvariant(text[0]) != 'v')
            return $"\"{typed}\" không phải là mã địa điểm: mã địa điểm bắt đầu bằng chữ V, ví dụ V-7K3M9-Q2X4T-C.";
        var characters = text[1..].Count(c => c is not ('-' or ' '));
        return characters == RandomLength + 1
            ? $"\"{typed}\" không phải là mã địa điểm: có ký tự bị gõ nhầm. Bạn hãy kiểm tra lại mã in trên mã QR của địa điểm."
            : $"\"{typed}\" không phải là mã địa điểm: mã có {RandomLength + 1} ký tự sau chữ V (ví dụ V-7K3M9-Q2X4T-C). Bạn hãy kiểm tra lại mã.";
    }

    /// <summary>The code as printed for people: upper case, in groups.</summary>
    public static string Display(string code)
    {
        var body = code[Prefix.Length..].ToUpperInvariant();
        return body.Length == RandomLength + 1 ? $"V-{body[..5]}-{body[5..10]}-{body[10..]}" : code.ToUpperInvariant();
    }

    /// <summary>Luhn mod 32 over the characters' values: the value that makes the whole code check.</summary>
    private static int CheckValue(ReadOnlySpan<char> body)
    {
        var n = Alphabet.Length;
        var factor = 2;
        var sum = 0;
        for (var i = body.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(body[i]);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / n) + (addend % n);
        }
        return (n - (sum % n)) % n;
    }
}
