using System.Text.RegularExpressions;

namespace Tracing.Clients.Internal;

/// <summary>Finds a one-time code in the words of an SMS, for outbox lines that carry no <c>code</c> field.</summary>
internal static partial class OneTimeCode
{
    /// <summary>The first run of 4 to 8 digits in <paramref name="text"/>, or null.</summary>
    public static string? FindIn(string text)
    {
        Match match = Digits().Match(text);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(@"(?<!\d)\d{4,8}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();
}
