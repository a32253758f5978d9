using Tracing.Matching;

namespace Tracing.Server;

/// <summary>
/// Deletes what is past the retention period (observations, visits and the records of people written then), at start
/// and then hourly.
/// </summary>
internal sealed class RetentionService(TracingEngine engine, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                var records = await engine.ApplyRetentionAsync(time.GetUtcNow()).ConfigureAwait(false);
                ServerLog.RetentionApplied(logger, engine.Rules.Retention.TotalDays, records);
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException)
            {
                ServerLog.RetentionFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
