using System.Security.Cryptography;
using System.Text;

namespace Tracing.Server.Security;

/// <summary>
/// The server's secret: 32 random bytes created on first start in <c>&lt;data-dir&gt;/keys/server.key</c>
/// with owner-only file mode. Purpose-specific keys (access tokens, QR signatures) are derived from it.
/// </summary>
public sealed class KeyRing
{
    private readonly byte[] _master;

    private KeyRing(byte[] master) => _master = master;

    /// <summary>Loads the key from the data folder, creating it on first start.</summary>
    public static KeyRing LoadOrCreate(string dataDir)
    {
        var folder = Path.Combine(dataDir, "keys");
        var path = Path.Combine(folder, "server.key");
        if (File.Exists(path))
            return new KeyRing(File.ReadAllBytes(path));
        Directory.CreateDirectory(folder);
        var master = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options))
            file.Write(master);
        return new KeyRing(master);
    }

    /// <summary>A key for one purpose, derived so that no two purposes share one.</summary>
    public byte[] KeyFor(string purpose) => HMACSHA256.HashData(_master, Encoding.UTF8.GetBytes(purpose));
}
