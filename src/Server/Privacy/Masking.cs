using System.Globalization;

namespace Tracing.Server.Privacy;

/// <summary>
/// How personal data is shown to venue managers: names in capitals with the given name hidden
/// (<c>NGUYỄN ĐÌNH ***</c>), phones with the last three digits hidden (<c>0966 323 ***</c>). The birth year is shown
/// as it is, as the 2021 portals showed it. A manager searches only what they are shown (see
/// <c>CheckIn.VisitorSearch</c>), so no search reaches behind a mask.
/// </summary>
/// <remarks>
/// Why the birth year stays visible: it is what tells apart visitors the masks make alike — a family's members
/// share a surname, often a middle name, and dependents declared on behalf share the declarer's phone, so a parent
/// and child at the door read <c>NGUYỄN VĂN ***</c>, <c>0966 323 ***</c> twice; staff who checked the elderly or
/// children in, or typed a visitor in by hand, need to tell them apart. What it adds to identification is small
/// next to what the rows already show (surname and middle name, seven of ten phone digits, the venue and time), and
/// it is never the key to the hidden parts: searches do not match it, and the name and phone stay masked.
/// </remarks>
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
