using System.Text;
using System.Text.Json;
using Tracing.Clients.Internal;
using Tracing.Matching.Registry;

namespace Tracing.Clients;

/// <summary>
/// The development SMS outbox the server's default sender appends to (<c>&lt;data-dir&gt;/outbox/sms.jsonl</c>,
/// one JSON object per line with <c>to</c>, <c>text</c> and <c>code</c>): where tests and the demo read OTPs.
/// </summary>
public sealed class SmsOutbox
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads the outbox file at <paramref name="path"/>.</summary>
    public SmsOutbox(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The full path of the outbox file.</summary>
    public string Path { get; }

    /// <summary>The current end of the file (0 if it does not exist yet): pass it to <see cref="WaitForCodeAsync"/> to see only newer messages.</summary>
    public long GetPosition()
    {
        var file = new FileInfo(Path);
        return file.Exists ? file.Length : 0;
    }

    /// <summary>The code of the newest message to <paramref name="phone"/> at or after <paramref name="position"/>, or null if there is none.</summary>
    /// <param name="phone">The phone number in any usual form (<c>0966323123</c>, <c>+84966323123</c>).</param>
    /// <param name="position">A byte offset from <see cref="GetPosition"/>; 0 searches the whole file.</param>
    public string? FindNewestCode(string phone, long position = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        string wanted = PhoneNumber.Normalize(phone) ?? phone;
        string? code = null;
        foreach (string line in ReadLines(position))
        {
            if (TryParse(line, out string? to, out string? lineCode) && (PhoneNumber.Normalize(to) ?? to) == wanted)
            {
                code = lineCode;
            }
        }

        return code;
    }

    /// <summary>
    /// Waits until a message to <paramref name="phone"/> appears after <paramref name="position"/> and returns its code
    /// (the newest such message's).
    /// </summary>
    /// <exception cref="TimeoutException">No message to the phone appeared within <paramref name="timeout"/>.</exception>
    public async Task<string> WaitForCodeAsync(string phone, long position, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phone);
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // A file now shorter than the mark was replaced: search it all.
            long from = GetPosition() < position ? 0 : position;
            string? code = FindNewestCode(phone, from);
            if (code is not null)
            {
                return code;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException(
                    $"No SMS to {phone} appeared in {Path} within {timeout.TotalSeconds:0.#} s; is this the server's <data-dir>/outbox/sms.jsonl, and does the server use the development SMS sender?");
            }

            await Task.Delay(s_pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private List<string> ReadLines(long position)
    {
        var lines = new List<string>();
        try
        {
            // The server keeps appending while we read: share everything, and ignore a torn last line below.
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (position > 0 && position <= stream.Length)
            {
                stream.Seek(position, SeekOrigin.Begin);
            }

            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
            }
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }

        return lines;
    }

    private static bool TryParse(string line, out string to, out string? code)
    {
        to = "";
        code = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("to", out JsonElement toElement)
                || toElement.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            to = toElement.GetString() ?? "";
            if (root.TryGetProperty("code", out JsonElement codeElement))
            {
                code = codeElement.ValueKind switch
                {
                    JsonValueKind.String => codeElement.GetString(),
                    JsonValueKind.Number => codeElement.GetRawText(),
                    _ => null,
                };
            }

            if (string.IsNullOrEmpty(code) && root.TryGetProperty("text", out JsonElement textElement) && textElement.ValueKind == JsonValueKind.String)
            {
                code = OneTimeCode.FindIn(textElement.GetString() ?? "");
            }

            return !string.IsNullOrEmpty(code);
        }
        catch (JsonException)
        {
            // A line still being written, or not ours.
            return false;
        }
    }
}
