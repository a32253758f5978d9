using System.Security.Cryptography;
using System.Text;

namespace Tracing.Matching.Registry;

/// <summary>
/// Short one-time codes (sign-in passwords, venue approval codes) as they are stored: only a hash that binds the code
/// to its scope (a phone; a venue and its asker), checked in fixed time.
/// </summary>
internal static class OneTimeCode
{
    /// <summary>The stored form of <paramref name="code"/> issued for <paramref name="scope"/>.</summary>
    public static string Hash(string scope, string code)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(scope + ":" + code)));

    /// <summary>Whether <paramref name="code"/> is the one stored as <paramref name="storedHash"/> for <paramref name="scope"/>.</summary>
    public static bool Matches(string storedHash, string scope, string code)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(storedHash), Encoding.ASCII.GetBytes(Hash(scope, code)));
}
