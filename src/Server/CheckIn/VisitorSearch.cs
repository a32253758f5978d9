using Tracing.V1;

namespace Tracing.Server.CheckIn;

/// <summary>
/// What a history search (<c>visitor_query</c>) matches: part of the visitor's name, or digits of their phone, as the
/// caller is shown them in the row — masked for a venue manager (<c>NGUYỄN ĐÌNH ***</c>, <c>0966 323 ***</c>), whole
/// for a health department. Matching the row, not the person behind it, is what keeps masking a mask: a search that
/// looked at the full name or phone would let a manager recover a hidden digit or given name one query at a time,
/// whatever the row shows.
/// </summary>
internal static class VisitorSearch
{
    /// <summary>Whether <paramref name="shown"/>, the row as the caller sees it, matches <paramref name="query"/> (empty matches every row).</summary>
    public static bool Matches(ScanRecord shown, string query)
    {
        if (query.Length == 0)
            return true;
        if (shown.VisitorName.Contains(query, StringComparison.CurrentCultureIgnoreCase))
            return true;
        var digits = Digits(query);
        // The masked phone's visible digits only ("0966 323 ***" → "0966323"): a hidden digit is never compared.
        return digits.Length > 0 && Digits(shown.VisitorPhone).Contains(digits, StringComparison.Ordinal);
    }

    private static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));
}
