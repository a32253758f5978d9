using System.Globalization;

namespace Tracing.Matching.Reports;

/// <summary>A place's province (2 digits), district (3) and ward (5) codes.</summary>
public sealed record RegionCodes(string Province, string District, string Ward)
{
    /// <summary>The three codes as numbers, as stored per declaration; null unless all three are digits of the right length.</summary>
    internal static NumericRegion? Numeric(RegionCodes region) =>
        Number(region.Province, 2) is { } province && Number(region.District, 3) is { } district && Number(region.Ward, 5) is { } ward
            ? new NumericRegion(province, district, ward)
            : null;

    private static uint? Number(string code, int length) =>
        code.Length == length && uint.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}

/// <summary>Region codes as numbers (12 bytes): one per declaration in a day's list.</summary>
internal readonly record struct NumericRegion(uint Province, uint District, uint Ward)
{
    public RegionCodes ToCodes() => new(Province.ToString("D2", CultureInfo.InvariantCulture), District.ToString("D3", CultureInfo.InvariantCulture), Ward.ToString("D5", CultureInfo.InvariantCulture));
}
