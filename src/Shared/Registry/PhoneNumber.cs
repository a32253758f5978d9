namespace Tracing.Matching.Registry;

/// <summary>Vietnamese phone numbers in one canonical form: a leading 0 and 9 or 10 more digits (0966323123).</summary>
public static class PhoneNumber
{
    /// <summary>The canonical form of <paramref name="text"/> (accepting +84 / 84 prefixes, spaces, dots and dashes), or null.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        Span<char> digits = stackalloc char[20];
        var length = 0;
        // At most one plus, before any digit, and then only the country code 84 may follow it.
        var international = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                if (length == digits.Length)
                    return null;
                digits[length++] = c;
            }
            else if (c == '+' && length == 0 && !international)
            {
                international = true;
            }
            else if (c is not (' ' or '.' or '-' or '(' or ')'))
            {
                return null;
            }
        }
        var number = new string(digits[..length]);
        if (international && !number.StartsWith("84", StringComparison.Ordinal))
            return null;
        if (number.StartsWith("84", StringComparison.Ordinal) && number.Length is 11 or 12)
            number = "0" + number[2..];
        return number.Length is 10 or 11 && number[0] == '0' && number[1] != '0' ? number : null;
    }

    /// <summary>The canonical form, or a refusal naming the field.</summary>
    public static string Require(string? text, string field)
        => Normalize(text) ?? throw new TracingException(TracingError.InvalidArgument, $"{field} '{text}' is not a Vietnamese phone number (e.g. 0966323123 or +84966323123).", $"{FieldNames.Vietnamese(field)} \"{text}\" không phải là số điện thoại Việt Nam (ví dụ 0966323123 hoặc +84966323123).");
}
