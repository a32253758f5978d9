using System.Collections.Frozen;
using System.Globalization;

namespace Tracing.Matching.Regions;

/// <summary>
/// Vietnam's administrative units in force on 1 July 2021 — 63 provinces, 705 districts, 10,603 wards and communes —
/// with their official codes and names (shipped as data, loaded once). The one home of "which place is this" and "does
/// this district lie in that province".
/// </summary>
public static class AdministrativeRegions
{
    private static readonly FrozenDictionary<string, AdministrativeUnit> Units = Load();
    private static readonly FrozenDictionary<string, AdministrativeUnit[]> Children = Units.Values
        .GroupBy(u => u.ParentCode, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.OrderBy(u => u.Code, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

    /// <summary>Province codes and official names (e.g. <c>01</c> → <c>Thành phố Hà Nội</c>).</summary>
    public static IReadOnlyDictionary<string, string> ProvinceNames { get; } =
        Children[""].ToFrozenDictionary(p => p.Code, p => p.Name, StringComparer.Ordinal);

    /// <summary>The unit with this code, or null.</summary>
    public static AdministrativeUnit? Find(string code) => Units.GetValueOrDefault(code);

    /// <summary>The units directly inside <paramref name="code"/> in code order: the provinces for an empty code, none for a ward or an unknown code.</summary>
    public static IReadOnlyList<AdministrativeUnit> ChildrenOf(string code) => Children.GetValueOrDefault(code) ?? [];

    /// <summary>The official name of a unit, or the code itself when it is not one.</summary>
    public static string NameOf(string code) => Find(code)?.Name ?? code;

    /// <summary>A place as people write it, smallest unit first: "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh" (unknown or empty codes left out).</summary>
    public static string Place(string provinceCode, string districtCode, string wardCode)
        => string.Join(", ", new[] { wardCode, districtCode, provinceCode }.Select(Find).OfType<AdministrativeUnit>().Select(u => u.Name));

    /// <summary>Whether <paramref name="code"/> is one of the 63 province codes.</summary>
    public static bool IsProvince(string code) => Find(code) is { Level: 1 };

    /// <summary>Whether <paramref name="code"/> has the form of a district code (three digits).</summary>
    public static bool IsDistrictFormat(string code) => code.Length == 3 && code.All(char.IsAsciiDigit);

    /// <summary>Whether <paramref name="code"/> has the form of a ward code (five digits).</summary>
    public static bool IsWardFormat(string code) => code.Length == 5 && code.All(char.IsAsciiDigit);

    /// <summary>
    /// What is wrong with a place's three codes, field by field (empty when nothing is): each must be a unit of its level,
    /// the district inside the province and the ward inside the district. With <paramref name="required"/> false, an empty
    /// code is allowed (a declaration's address may be partial) but a given one must still fit the ones above it.
    /// </summary>
    public static IReadOnlyList<FieldRefusal> Problems(string provinceCode, string districtCode, string wardCode, bool required = true)
    {
        var problems = new List<FieldRefusal>();
        var province = Check("province_code", provinceCode, 1, null, required, problems);
        var district = Check("district_code", districtCode, 2, province, required, problems);
        Check("ward_code", wardCode, 3, district, required, problems);
        return problems;
    }

    /// <summary>Throws an invalid-argument <see cref="TracingException"/> listing every field of <see cref="Problems"/>.</summary>
    public static void Validate(string provinceCode, string districtCode, string wardCode, bool required = true)
    {
        if (Problems(provinceCode, districtCode, wardCode, required) is { Count: > 0 } problems)
            throw new TracingException(problems);
    }

    private static AdministrativeUnit? Check(string field, string code, int level, AdministrativeUnit? parent, bool required, List<FieldRefusal> problems)
    {
        var (english, vietnamese) = level switch
        {
            1 => ("province", "Tỉnh/TP"),
            2 => ("district", "Quận/Huyện"),
            _ => ("ward", "Phường/Xã"),
        };
        if (code.Length == 0)
        {
            if (required)
                problems.Add(new FieldRefusal(field, $"{field} is required: choose the {english}.", $"Bạn vui lòng chọn {vietnamese}."));
            return null;
        }
        var unit = Find(code);
        if (unit is null || unit.Level != level)
        {
            problems.Add(new FieldRefusal(field, $"{field} '{code}' is not a {english} code of 2021.", $"{vietnamese} \"{code}\" không có trong danh mục hành chính năm 2021; bạn vui lòng chọn lại."));
            return null;
        }
        if (level > 1 && parent is null && problems.Count > 0)
            return unit; // the unit above is already refused; whether this one lies in it cannot be said
        if (level > 1 && unit.ParentCode != (parent?.Code ?? unit.ParentCode))
        {
            problems.Add(new FieldRefusal(
                field,
                $"{field} '{code}' ({unit.Name}) does not lie in {parent!.Name} ({parent.Code}); choose a {english} of {parent.Name}.",
                $"{unit.Name} không thuộc {parent.Name}; bạn vui lòng chọn {vietnamese} của {parent.Name}."));
            return null;
        }
        return unit;
    }

    private static FrozenDictionary<string, AdministrativeUnit> Load()
    {
        using var stream = typeof(AdministrativeRegions).Assembly.GetManifestResourceStream("administrative-units.csv")
            ?? throw new InvalidOperationException("The table of administrative units is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var units = new Dictionary<string, AdministrativeUnit>(StringComparer.Ordinal);
        reader.ReadLine();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            // No name in the table holds a comma (the file has no quoted field).
            var cells = line.Split(',');
            units[cells[0]] = new AdministrativeUnit(cells[0], int.Parse(cells[1], CultureInfo.InvariantCulture), cells[2], cells[3], cells[4]);
        }
        return units.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
