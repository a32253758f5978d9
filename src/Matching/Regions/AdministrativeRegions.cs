using System.Collections.Frozen;

namespace Tracing.Matching.Regions;

/// <summary>
/// Vietnam's administrative regions: the 63 provinces of 2021 with their official two-digit codes (shipped
/// as data), three-digit district codes and five-digit ward codes.
/// </summary>
public static class AdministrativeRegions
{
    private static readonly FrozenDictionary<string, string> Provinces = Load();

    /// <summary>Province codes and names.</summary>
    public static IReadOnlyDictionary<string, string> ProvinceNames => Provinces;

    /// <summary>Whether <paramref name="code"/> is one of the 63 official province codes.</summary>
    public static bool IsProvince(string code) => Provinces.ContainsKey(code);

    /// <summary>Whether <paramref name="code"/> has the form of a district code (three digits).</summary>
    public static bool IsDistrictFormat(string code) => code.Length == 3 && code.All(char.IsAsciiDigit);

    /// <summary>Whether <paramref name="code"/> has the form of a ward code (five digits).</summary>
    public static bool IsWardFormat(string code) => code.Length == 5 && code.All(char.IsAsciiDigit);

    /// <summary>Throws a <see cref="TracingException"/> naming the bad field when the codes are not valid.</summary>
    public static void Validate(string provinceCode, string districtCode, string wardCode)
    {
        if (!IsProvince(provinceCode))
            throw new TracingException(TracingError.InvalidArgument, $"province_code '{provinceCode}' is not one of the 63 two-digit province codes of 2021 (e.g. 01 Hà Nội, 79 Hồ Chí Minh).");
        if (!IsDistrictFormat(districtCode))
            throw new TracingException(TracingError.InvalidArgument, $"district_code '{districtCode}' must be three digits (e.g. 760).");
        if (!IsWardFormat(wardCode))
            throw new TracingException(TracingError.InvalidArgument, $"ward_code '{wardCode}' must be five digits (e.g. 26734).");
    }

    private static FrozenDictionary<string, string> Load()
    {
        using var stream = typeof(AdministrativeRegions).Assembly.GetManifestResourceStream("provinces.csv")
            ?? throw new InvalidOperationException("The province table is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var provinces = new Dictionary<string, string>();
        reader.ReadLine();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            provinces[line[..comma]] = line[(comma + 1)..];
        }
        return provinces.ToFrozenDictionary();
    }
}
