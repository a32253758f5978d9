namespace Tracing.Cluster;

/// <summary>
/// The secrets among the cluster's settings (the Redis password, the cluster secret, the certificate's password), so
/// that a message built from another library's words never carries one of them into a log.
/// </summary>
internal static class ClusterSecrets
{
    private const string Hidden = "***";

    /// <summary><paramref name="text"/> with every secret of <paramref name="settings"/> replaced by <c>***</c>.</summary>
    public static string Redact(ClusterSettings settings, string text)
    {
        foreach (var secret in Of(settings))
            text = text.Replace(secret, Hidden, StringComparison.Ordinal);
        return text;
    }

    /// <summary>The Redis connection string with its password hidden: what a message may show of <see cref="ClusterSettings.Redis"/>.</summary>
    public static string RedisShown(ClusterSettings settings) => Redact(settings, settings.Redis);

    private static IEnumerable<string> Of(ClusterSettings settings)
    {
        string?[] secrets = [settings.Secret, settings.CertificatePassword, RedisPassword(settings.Redis)];
        return secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!);
    }

    private static string? RedisPassword(string redis)
    {
        try
        {
            return StackExchange.Redis.ConfigurationOptions.Parse(redis, ignoreUnknown: true).Password;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
