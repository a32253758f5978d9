using System.Security.Cryptography;

namespace Tracing.Matching.Internal;

/// <summary>Opaque random identifiers such as <c>u-7k3m9q2x4t8w6z1c</c> (Crockford base32, lower case).</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New(char kind, int length = 16)
    {
        Span<byte> random = stackalloc byte[length];
        RandomNumberGenerator.Fill(random);
        Span<char> text = stackalloc char[length + 2];
        text[0] = kind;
        text[1] = '-';
        for (var i = 0; i < length; i++)
            text[i + 2] = Alphabet[random[i] & 31];
        return new string(text);
    }

    /// <summary>A uniformly random string of decimal digits.</summary>
    public static string Digits(int length)
    {
        Span<char> text = stackalloc char[length];
        for (var i = 0; i < length; i++)
            text[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        return new string(text);
    }
}
