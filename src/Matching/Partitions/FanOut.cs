namespace Tracing.Matching.Partitions;

/// <summary>Asking every partition at once: waited for from the engine's synchronous code (at once when they are in this process), or awaited.</summary>
internal static class FanOut
{
    /// <summary>Asks every partition at once and waits for all the answers, in partition order.</summary>
    public static T[] Gather<T>(IPartitions partitions, Func<IPartition, ValueTask<T>> ask)
    {
        var count = partitions.Layout.Count;
        var answers = new T[count];
        List<Task>? pending = null;
        for (var p = 0; p < count; p++)
        {
            var answer = ask(partitions[p]);
            if (answer.IsCompletedSuccessfully)
                answers[p] = answer.Result;
            else
                (pending ??= []).Add(Take(answer, answers, p));
        }
        if (pending is not null)
            Task.WhenAll(pending).GetAwaiter().GetResult();
        return answers;
    }

    /// <summary>Asks every partition at once; completes with all the answers, in partition order.</summary>
    public static Task<T[]> AllAsync<T>(IPartitions partitions, Func<IPartition, ValueTask<T>> ask)
        => Task.WhenAll(Enumerable.Range(0, partitions.Layout.Count).Select(p => ask(partitions[p]).AsTask()));

    /// <summary>Has every partition do <paramref name="work"/> at once; completes when all have.</summary>
    public static Task AllAsync(IPartitions partitions, Func<IPartition, ValueTask> work)
        => Task.WhenAll(Enumerable.Range(0, partitions.Layout.Count).Select(p => work(partitions[p]).AsTask()));

    /// <summary>The answer of one partition.</summary>
    public static T Wait<T>(ValueTask<T> answer) => answer.IsCompletedSuccessfully ? answer.Result : answer.AsTask().GetAwaiter().GetResult();

    /// <summary>Waits for <paramref name="work"/> (at once when a partition in this process completed it).</summary>
    public static void Wait(ValueTask work)
    {
        if (work.IsCompleted)
            work.GetAwaiter().GetResult();
        else
            work.AsTask().GetAwaiter().GetResult();
    }

    private static async Task Take<T>(ValueTask<T> answer, T[] answers, int index) => answers[index] = await answer.ConfigureAwait(false);
}
