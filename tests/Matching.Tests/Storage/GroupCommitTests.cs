using Tracing.Matching.Storage;

namespace Tracing.Matching.Tests.Storage;

/// <summary>
/// Group commit as a writer relies on it: an acknowledged write was covered by a commit that started after it, and a
/// writer that comes while the store closes is answered — refused as unavailable — never left waiting. (A cluster's
/// owner closes its engine when the control store moves away; calls still in flight used to wait forever.)
/// </summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Writers_racing_the_close_are_each_answered_and_only_a_covered_write_is_acknowledged()
    {
        for (var round = 0; round < 20; round++)
        {
            long written = 0;
            long committedUpTo = 0;
            var commit = new GroupCommit(async () =>
            {
                // A commit holds what was written before it started.
                var upTo = Interlocked.Read(ref written);
                await Task.Delay(1);
                Interlocked.Exchange(ref committedUpTo, Math.Max(Interlocked.Read(ref committedUpTo), upTo));
            }, TimeSpan.FromMilliseconds(1));
            var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                var outcomes = new List<(long Write, Exception? Refusal)>();
                for (var i = 0; i < 30; i++)
                {
                    var write = Interlocked.Increment(ref written);
                    try
                    {
                        await commit.WaitAsync(CancellationToken.None);
                        outcomes.Add((write, null));
                    }
                    catch (TracingException refusal)
                    {
                        outcomes.Add((write, refusal));
                    }
                }
                return outcomes;
            })).ToArray();
            await Task.Delay(round % 5);
            await commit.DisposeAsync();

            var all = (await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30))).SelectMany(o => o).ToArray();
            Assert.Equal(8 * 30, all.Length);
            Assert.All(all.Where(o => o.Refusal is null), o => Assert.True(o.Write <= committedUpTo, $"write {o.Write} acknowledged, but the commits held only up to {committedUpTo}"));
            Assert.All(all.Where(o => o.Refusal is not null), o => Assert.Equal(TracingError.Unavailable, ((TracingException)o.Refusal!).Error));
            // Once closed, every later writer is refused at once.
            var late = await Assert.ThrowsAsync<TracingException>(() => commit.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(TracingError.Unavailable, late.Error);
        }
    }
}
