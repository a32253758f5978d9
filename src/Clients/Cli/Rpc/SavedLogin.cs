namespace Tracing.Cli.Rpc;

/// <summary>The access token `tracing login` saved, readable by its owner only (<c>~/.config/tracing/token</c>).</summary>
internal static class SavedLogin
{
    // DoNotVerify: the configuration folder (~/.config) may not exist yet; without it the path would be relative, and a
    // login saved in one working folder would not be found from another.
    public static string PathOf => Environment.GetEnvironmentVariable("TRACING_CONFIG_DIR") is { Length: > 0 } dir
        ? Path.Combine(dir, "token")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "tracing", "token");

    public static string? Read() => File.Exists(PathOf) ? File.ReadAllText(PathOf).Trim() : null;

    /// <summary>Removes the saved token, if any.</summary>
    public static void Forget() => File.Delete(PathOf);

    public static void Save(string token)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        // No byte-order mark: the file is the token alone, for `TRACING_TOKEN=$(cat …)` too.
        using var file = new StreamWriter(PathOf, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        file.Write(token);
    }
}
