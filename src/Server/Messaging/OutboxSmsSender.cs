using System.Text.Json;
using Tracing.Server.Privacy;

namespace Tracing.Server.Messaging;

/// <summary>
/// The development SMS sender: appends one JSON line per message (<c>to</c>, <c>text</c>, <c>code</c>, <c>sent_at</c> in
/// unix seconds) to <c>&lt;data-dir&gt;/outbox/sms.jsonl</c>, owner-only (0600 in a 0700 folder). It holds working codes
/// and phone numbers, so the server uses it only in the Development environment (<see cref="SmsSenders"/>), and
/// retention drops the lines older than the retention period (<see cref="DropBeforeAsync"/>).
/// </summary>
public sealed class OutboxSmsSender : ISmsSender
{
    private readonly string _path;
    private readonly ILogger<OutboxSmsSender> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the sender writing under <paramref name="dataDir"/>.</summary>
    public OutboxSmsSender(string dataDir, ILogger<OutboxSmsSender> logger, TimeProvider? time = null)
    {
        var folder = Path.Combine(dataDir, "outbox");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _path = Path.Combine(folder, "sms.jsonl");
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task SendAsync(string phone, string text, string code, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new OutboxMessage(phone, text, code, _time.GetUtcNow().ToUnixTimeSeconds())) + "\n";
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            var file = new FileStream(_path, options);
            await using (file.ConfigureAwait(false))
                await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
        ServerLog.SmsWritten(_logger, Masking.Phone(phone));
    }

    /// <summary>
    /// Drops the messages sent before <paramref name="cutoff"/> (and any line without a time: written before lines had
    /// one); returns how many. The file is replaced only when something is dropped, so a reader's position in it (see
    /// the clients' <c>SmsOutbox</c>) stays good otherwise.
    /// </summary>
    public async Task<int> DropBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(_path))
                return 0;
            var lines = await File.ReadAllLinesAsync(_path, cancellationToken).ConfigureAwait(false);
            var kept = lines.Where(line => SentAt(line) >= cutoff.ToUnixTimeSeconds()).ToList();
            var dropped = lines.Count(line => line.Length > 0) - kept.Count;
            if (dropped == 0)
                return 0;
            var replacement = _path + ".new";
            await File.WriteAllLinesAsync(replacement, kept, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(replacement, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(replacement, _path, overwrite: true);
            return dropped;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static long SentAt(string line)
    {
        if (line.Length == 0)
            return long.MinValue;
        try
        {
            return JsonSerializer.Deserialize<OutboxMessage>(line)?.SentAt ?? long.MinValue;
        }
        catch (JsonException)
        {
            return long.MinValue;
        }
    }

    private sealed record OutboxMessage(
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text,
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] string Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("sent_at")] long SentAt);
}
