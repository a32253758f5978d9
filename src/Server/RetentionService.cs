using Tracing.Matching;
using Tracing.Server.Messaging;

namespace Tracing.Server;

/// <summary>
/// Deletes what is past the retention period (observations, visits and the records of people written then, removed
/// from the store's files too), and the development SMS outbox's messages as old, at start and then hourly. The audit
/// log of unmasked reads is a legal record and is not touched here (see <see cref="Privacy.AuditLog"/>). In a cluster it
/// runs on the silo that owns the control store, from when it becomes the owner.
/// </summary>
internal sealed class RetentionService(ServedEngine served, ISmsSender sms, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Period, time);
            do
            {
                // Asked every time: a cluster's silo serves the engine only while it owns the control store.
                var engine = await served.WhenServedAsync(stoppingToken).ConfigureAwait(false);
                try
                {
                    var now = time.GetUtcNow();
                    var records = await engine.ApplyRetentionAsync(now).ConfigureAwait(false);
                    // Only the development outbox keeps messages (phones and codes); a real sender keeps none here.
                    if (sms is OutboxSmsSender outbox)
                        records += await outbox.DropBeforeAsync(now - engine.Rules.Retention, stoppingToken).ConfigureAwait(false);
                    ServerLog.RetentionApplied(logger, engine.Rules.Retention.TotalDays, records);
                }
                catch (Exception exception) when (exception is IOException or InvalidOperationException or TracingException)
                {
                    // A store closing under it (the server stopping, the control store leaving this silo) included.
                    ServerLog.RetentionFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
