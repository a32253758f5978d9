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

    /// <summary>The length of the server's secret, in bytes.</summary>
    public const int KeyLength = 32;

    /// <summary>
    /// Loads the key from the data folder, creating it on first start (written whole to a temporary file, then moved
    /// into place, so a crash never leaves a short key). A key file others can read, or of the wrong length, stops
    /// the start with what to do: tokens and QR codes signed with a leaked or empty key could be forged.
    /// </summary>
    public static KeyRing LoadOrCreate(string dataDir)
    {
        var folder = Path.Combine(dataDir, "keys");
        var path = Path.Combine(folder, "server.key");
        if (!File.Exists(path))
            Create(folder, path);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            throw new InvalidOperationException($"{path} can be read or written by other users; make it the owner's only (chmod 600 {path}) and consider the key leaked if others could read it.");
        var master = File.ReadAllBytes(path);
        if (master.Length != KeyLength)
            throw new InvalidOperationException($"{path} holds {master.Length} bytes, not {KeyLength}: it is damaged. Restore it from backup (deleting it makes a new key, which signs out every phone and voids every printed QR code).");
        return new KeyRing(master);
    }

    private static void Create(string folder, string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".new";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
        {
            file.Write(RandomNumberGenerator.GetBytes(KeyLength));
            file.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: theirs stands.
            File.Delete(temporary);
        }
    }

    /// <summary>A key for one purpose, derived so that no two purposes share one.</summary>
    public byte[] KeyFor(string purpose) => HMACSHA256.HashData(_master, Encoding.UTF8.GetBytes(purpose));
}
