using System.Globalization;

namespace Tracing.Server.Privacy;

/// <summary>
/// How personal data is shown to venue managers: names in capitals with the given name hidden
/// (<c>NGUYỄN ĐÌNH ***</c>), phones with the last three digits hidden (<c>0966 323 ***</c>).
/// </summary>
public static class Masking
{
    /// <summary>The masked form of a full name.</summary>
    public static string Name(string fullName)
    {
        var words = fullName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
            return "";
        if (words.Length == 1)
            return "***";
        return string.Join(' ', words[..^1].Select(w => w.ToUpper(CultureInfo.GetCultureInfo("vi-VN")))) + " ***";
    }

    /// <summary>The masked form of a phone number.</summary>
    public static string Phone(string phone)
    {
        if (phone.Length < 7)
            return "***";
        return $"{phone[..4]} {phone[4..^3]} ***";
    }
}
