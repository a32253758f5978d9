namespace Tracing.Matching.Registry;

/// <summary>Who a person was at some moment: the name, birth year and phone shown with their scans.</summary>
/// <param name="FullName">The full name, empty if never declared.</param>
/// <param name="BirthYear">The birth year, 0 if never declared.</param>
/// <param name="Phone">The phone to reach them (verified, typed in by staff, or declared), empty if none.</param>
public sealed record PersonIdentity(string FullName, int BirthYear, string Phone)
{
    /// <summary>No identity known.</summary>
    public static readonly PersonIdentity None = new("", 0, "");
}
