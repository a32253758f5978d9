using Orleans.Runtime;
using Tracing.Matching;

namespace Tracing.Cluster.Partitions;

/// <summary>
/// Retries a grain call while the cluster is moving what it calls — its silo died and the membership has not declared
/// it dead yet, the activation is opening on another silo, the previous activation still holds the lease — for a bounded
/// time, then refuses with <see cref="TracingError.Unavailable"/>. A partition's refusal comes back as the engine's.
/// </summary>
internal sealed class TransientRetry(TimeSpan bound, TimeProvider time)
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(1);

    /// <summary>Calls <paramref name="call"/> until it succeeds, fails for good, or the bound passes.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        var started = time.GetTimestamp();
        var pause = FirstPause;
        while (true)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (PartitionRefusal refusal)
            {
                throw new TracingException(refusal.Error, refusal.Message, refusal.Vietnamese);
            }
            catch (Exception failure) when (IsTransient(failure))
            {
                if (time.GetElapsedTime(started) + pause > bound)
                    throw Unavailable(failure);
                await Task.Delay(pause, time).ConfigureAwait(false);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
            }
        }
    }

    /// <summary>Calls <paramref name="call"/> like <see cref="RunAsync{T}"/>, for a call without a result.</summary>
    public Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    });

    /// <summary>Whether a failure comes from the cluster moving things, so that the same call may succeed soon.</summary>
    public static bool IsTransient(Exception failure) => failure is OrleansException or TimeoutException or LeaseTakenException or PartitionClosingException or UpkeepHeldException
        || (failure is AggregateException { InnerExceptions: var inner } && inner.All(IsTransient));

    private static TracingException Unavailable(Exception failure) => new(
        TracingError.Unavailable,
        $"A partition of the data could not be reached in time ({failure.GetType().Name}); the cluster is moving it after a failure. Try again shortly.",
        "Hệ thống đang chuyển dữ liệu sang máy chủ khác sau một sự cố nên tạm thời chưa phục vụ được. Bạn vui lòng thử lại sau ít phút.")
    {
        RetryAfter = TimeSpan.FromSeconds(5),
    };
}
