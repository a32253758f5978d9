using System.Text.Json;
using Tracing.Server.Security;

namespace Tracing.Server.Privacy;

/// <summary>
/// Every read of unmasked personal data by a health department, and every case it reports, one JSON line each in
/// <c>&lt;data-dir&gt;/audit/unmasked-reads.jsonl</c> (owner-only): when, who (the key's holder, never the key), its
/// province, the call, what it asked about, and how many records it was sent. Written and flushed to disk before the
/// data leaves, so a read is never unrecorded; the personal data itself is never written here.
/// </summary>
public sealed class AuditLog
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly Lock _writing = new();

    /// <summary>The log of a data folder, made owner-only on first use.</summary>
    public AuditLog(string dataDir, TimeProvider time)
    {
        var folder = System.IO.Path.Combine(dataDir, "audit");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _path = System.IO.Path.Combine(folder, "unmasked-reads.jsonl");
        _time = time;
    }

    /// <summary>Where the entries are.</summary>
    public string Path => _path;

    /// <summary>
    /// Records that <paramref name="caller"/>, a health department, is being sent <paramref name="records"/>
    /// unmasked records by <paramref name="call"/> about <paramref name="subject"/> (venues, a case, filters).
    /// </summary>
    public void Record(Caller caller, string call, string subject, long records)
    {
        using var line = new MemoryStream();
        using (var json = new Utf8JsonWriter(line))
        {
            json.WriteStartObject();
            json.WriteString("at", _time.GetUtcNow().UtcDateTime);
            json.WriteString("by", caller.Name);
            json.WriteString("province", caller.Province);
            json.WriteString("call", call);
            json.WriteString("subject", subject);
            json.WriteNumber("records", records);
            json.WriteEndObject();
        }
        line.WriteByte((byte)'\n');
        lock (_writing)
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var file = new FileStream(_path, options);
            file.Write(line.GetBuffer(), 0, (int)line.Length);
            file.Flush(flushToDisk: true);
        }
    }
}
