namespace Tracing.Server.Security;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthSettings
{
    /// <summary>API keys of health departments and partner systems.</summary>
    public List<ApiKeySettings> ApiKeys { get; set; } = [];
}
