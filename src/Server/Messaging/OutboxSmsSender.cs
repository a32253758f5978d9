using System.Text.Json;
using Tracing.Server.Privacy;

namespace Tracing.Server.Messaging;

/// <summary>
/// The development SMS sender: appends one JSON line per message (<c>to</c>, <c>text</c>, <c>code</c>) to
/// <c>&lt;data-dir&gt;/outbox/sms.jsonl</c>, owner-only (0600 in a 0700 folder). It holds working codes and phone
/// numbers, so the server uses it only in the Development environment (<see cref="SmsSenders"/>).
/// </summary>
public sealed class OutboxSmsSender : ISmsSender
{
    private readonly string _path;
    private readonly ILogger<OutboxSmsSender> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates the sender writing under <paramref name="dataDir"/>.</summary>
    public OutboxSmsSender(string dataDir, ILogger<OutboxSmsSender> logger)
    {
        var folder = Path.Combine(dataDir, "outbox");
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(folder);
        else
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _path = Path.Combine(folder, "sms.jsonl");
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task SendAsync(string phone, string text, string code, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new OutboxMessage(phone, text, code)) + "\n";
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

    private sealed record OutboxMessage(
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text,
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] string Code);
}
