namespace Tracing.Clients.Internal;

/// <summary>Compares Vietnamese phone numbers written in their usual forms.</summary>
internal static class PhoneNumber
{
    /// <summary>The national form of a number: digits only, <c>+84</c> / <c>84</c> replaced by a leading <c>0</c>.</summary>
    public static string Normalize(string phone)
    {
        Span<char> digits = stackalloc char[phone.Length];
        int length = 0;
        foreach (char c in phone)
        {
            if (char.IsAsciiDigit(c))
            {
                digits[length++] = c;
            }
        }

        ReadOnlySpan<char> number = digits[..length];
        // 84 + nine or ten subscriber digits is the international form of a national number with a leading 0.
        if (number.Length is 11 or 12 && number.StartsWith("84"))
        {
            return string.Concat("0", number[2..]);
        }

        return number.ToString();
    }
}
