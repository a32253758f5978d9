using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracing.Shared.Backup;

/// <summary>
/// <c>backup-manifest.json</c>, the last file of a backup: every other file with its length and SHA-256. A backup
/// without it did not finish.
/// </summary>
public sealed record BackupManifest(
    [property: JsonPropertyName("format")] int Format,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("files")] IReadOnlyList<BackupFile> Files)
{
    /// <summary>The manifest's file name, at the backup's root.</summary>
    public const string FileName = "backup-manifest.json";

    /// <summary>The format this version writes and reads.</summary>
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>The manifest as written to <see cref="FileName"/>.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, s_json);

    /// <summary>Reads a manifest; null when the text is not one.</summary>
    public static BackupManifest? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<BackupManifest>(json, s_json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One file of a backup: its path in the data folder (forward slashes), length and SHA-256 (lowercase hex).</summary>
public sealed record BackupFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("length")] long Length,
    [property: JsonPropertyName("sha256")] string Sha256);
