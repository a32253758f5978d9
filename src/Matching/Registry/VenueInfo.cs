namespace Tracing.Matching.Registry;

/// <summary>What a venue's registrant fills in.</summary>
public sealed record VenueRegistration
{
    /// <summary>The venue's name as printed on its poster.</summary>
    public required string Name { get; init; }
    /// <summary>Two-digit province code.</summary>
    public required string ProvinceCode { get; init; }
    /// <summary>Three-digit district code.</summary>
    public required string DistrictCode { get; init; }
    /// <summary>Five-digit ward code.</summary>
    public required string WardCode { get; init; }
    /// <summary>Street address.</summary>
    public required string StreetAddress { get; init; }
    /// <summary>Who registered it.</summary>
    public required string RegistrantName { get; init; }
    /// <summary>The registrant's phone.</summary>
    public required string RegistrantPhone { get; init; }
    /// <summary>The building this unit is inside, or empty.</summary>
    public string ParentVenueId { get; init; } = "";
    /// <summary>Kind of facility (school, market, restaurant, ...).</summary>
    public string Category { get; init; } = "";
    /// <summary>Optional position.</summary>
    public double? Latitude { get; init; }
    /// <summary>Optional position.</summary>
    public double? Longitude { get; init; }

    /// <summary>The manager's own tags (e.g. "tầng 1", "quầy thu ngân"), for finding and grouping venues.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>A registered venue.</summary>
public sealed record VenueInfo(string VenueId, uint Number, VenueRegistration Details, string RegisteredBy, DateTimeOffset CreatedAt)
{
    /// <summary>The venue's name.</summary>
    public string Name => Details.Name;

    /// <summary>The venue's province code.</summary>
    public string ProvinceCode => Details.ProvinceCode;
}
