using FASTER.core;
using Tracing.Matching.Internal;

namespace Tracing.Matching.Storage;

/// <summary>
/// Which checkpoint of a FASTER store a restart recovers: the one this class named last, not FASTER's pick. Left to
/// itself (<c>tryRecoverLatest</c>, <c>RemoveOutdated</c>) FASTER deletes an outdated checkpoint right after a new one
/// completes; a kill in the middle leaves the old one's metadata without its snapshot, a restart may pick that one,
/// and the failed recovery is swallowed: the store comes back empty (the crash run lost a whole observation day this
/// way). Here the file naming the newest complete checkpoint is replaced first, the others are deleted after it, and
/// recovery opens exactly the checkpoint named, failing loudly if it cannot. A store with a write-ahead log of its own
/// names, in the same file, where in that log the entries the checkpoint does not hold begin.
/// </summary>
internal sealed class CheckpointTokens(string checkpointDirectory)
{
    private const string RecoverFromFile = "recover-from";
    private readonly string _path = Path.Combine(checkpointDirectory, RecoverFromFile);

    /// <summary>
    /// Recovers <paramref name="store"/> from the checkpoint named last; a store never checkpointed stays empty.
    /// Returns the token of the hash index checkpoint recovered, when it is known, and the write-ahead log address
    /// named with it (0 when none was).
    /// </summary>
    public (Guid? Index, long ReplayFrom) Recover<TKey, TValue>(FasterKV<TKey, TValue> store)
    {
        if (File.Exists(_path))
        {
            var tokens = File.ReadAllText(_path).Split(' ');
            var index = Guid.Parse(tokens[0]);
            store.Recover(index, Guid.Parse(tokens[1]));
            return (index, tokens.Length > 2 ? long.Parse(tokens[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
        }
        // A store written before this file existed: FASTER's choice, as then. One without any complete checkpoint
        // (a crash during its first) starts empty, and its write-ahead log still holds everything.
        if (!Directory.Exists(Path.Combine(checkpointDirectory, "cpr-checkpoints")))
            return (null, 0);
        try
        {
            store.Recover();
        }
        catch (FasterException)
        {
        }
        return (null, 0);
    }

    /// <summary>Names a completed checkpoint as the one to recover, then deletes every other one.</summary>
    /// <param name="indexToken">The checkpoint of the hash index (the same token for a full checkpoint).</param>
    /// <param name="logToken">The checkpoint of the log.</param>
    /// <param name="replayFrom">For a store with a write-ahead log of its own: the first entry the checkpoint does not hold.</param>
    public void Completed(Guid indexToken, Guid logToken, long replayFrom = 0)
    {
        AtomicFile.WriteText(_path, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{indexToken} {logToken} {replayFrom}"));
        DeleteAllBut(Path.Combine(checkpointDirectory, "index-checkpoints"), indexToken);
        DeleteAllBut(Path.Combine(checkpointDirectory, "cpr-checkpoints"), logToken);
    }

    private static void DeleteAllBut(string directory, Guid kept)
    {
        if (!Directory.Exists(directory))
            return;
        var keep = kept.ToString();
        foreach (var token in Directory.EnumerateDirectories(directory))
        {
            if (!Path.GetFileName(token).Equals(keep, StringComparison.OrdinalIgnoreCase))
                Directory.Delete(token, recursive: true);
        }
    }
}
