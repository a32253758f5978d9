using Google.Protobuf;

namespace Tracing.Cli.Rpc;

/// <summary>Files of protobuf messages in JSON, one per line (blank lines skipped), as the upload commands take them.</summary>
internal static class JsonLines
{
    /// <summary>Every message of <paramref name="path"/>; a missing file or a bad line is a usage error naming the line.</summary>
    public static async Task<List<T>> ReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        if (!File.Exists(path))
            throw new UsageException($"--file '{path}': không có tệp này.", $"--file '{path}' does not exist.");
        var messages = new List<T>();
        var line = 0;
        foreach (var text in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            line++;
            if (text.Trim().Length == 0)
                continue;
            try
            {
                messages.Add(JsonParser.Default.Parse<T>(text));
            }
            catch (InvalidProtocolBufferException invalid)
            {
                throw new UsageException($"{path}:{line}: dòng này không đúng định dạng JSON của {typeof(T).Name} ({invalid.Message}).", $"{path}:{line}: not a {typeof(T).Name} in protobuf JSON ({invalid.Message}).");
            }
        }
        return messages;
    }
}
