namespace Tracing.Server.Security;

/// <summary>The role an API key grants.</summary>
public enum ApiKeyRole
{
    /// <summary>Reports cases and reads tracing reports and unmasked scan history.</summary>
    HealthDepartment,

    /// <summary>Reads exposure notifications of its province.</summary>
    Partner,

    /// <summary>Runs the service: takes backups (the AdminService), nothing else.</summary>
    Operator,
}

/// <summary>
/// One entry of <c>Auth:ApiKeys</c>: the key (better, only its SHA-256), its holder's name, role and province
/// (empty: national).
/// </summary>
public sealed class ApiKeySettings
{
    /// <summary>The secret sent as <c>x-api-key</c>, in plain text (development); prefer <see cref="KeyHash"/>.</summary>
    public string Key { get; set; } = "";

    /// <summary>
    /// The SHA-256 of the key's UTF-8 bytes in hex (<c>printf %s "$KEY" | sha256sum</c>), so the configuration never
    /// holds the key itself.
    /// </summary>
    public string KeyHash { get; set; } = "";

    /// <summary>Who holds it, for logs and audit.</summary>
    public string Name { get; set; } = "";

    /// <summary>What it may do; required: a key without one would otherwise be taken for the first role.</summary>
    public ApiKeyRole? Role { get; set; }

    /// <summary>The province it is limited to (a code of <c>AdministrativeRegions.ProvinceNames</c>); empty for national scope.</summary>
    public string Province { get; set; } = "";
}
