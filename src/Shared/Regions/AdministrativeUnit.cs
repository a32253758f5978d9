namespace Tracing.Matching.Regions;

/// <summary>One administrative unit of 2021: a province (level 1), a district (2) or a ward or commune (3).</summary>
/// <param name="Code">The official code: 2 digits for a province, 3 for a district, 5 for a ward.</param>
/// <param name="Level">1 province, 2 district, 3 ward.</param>
/// <param name="Type">The kind of unit as named officially (<c>Tỉnh</c>, <c>Quận</c>, <c>Huyện</c>, <c>Phường</c>, <c>Xã</c>, …).</param>
/// <param name="Name">The full official name, e.g. <c>Quận Ba Đình</c>.</param>
/// <param name="ParentCode">The code of the unit it lies in; empty for a province.</param>
public sealed record AdministrativeUnit(string Code, int Level, string Type, string Name, string ParentCode);
