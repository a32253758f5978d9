using Microsoft.Extensions.Logging.Abstractions;
using Tracing.Server.Messaging;

namespace Tracing.Server.Tests;

/// <summary>
/// The development SMS outbox holds phones and one-time codes: past the retention period they leave the file, as
/// everything else of those days leaves the data folder.
/// </summary>
public sealed class OutboxRetentionTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2021, 8, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "tracing-outbox-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task Messages_older_than_the_retention_period_leave_the_outbox_and_newer_ones_stay_readable()
    {
        var clock = new ManualClock(Start);
        var outbox = new OutboxSmsSender(_dataDir, NullLogger<OutboxSmsSender>.Instance, clock);
        await outbox.SendAsync("0911222333", "Mã xác thực: 482913", "482913", CancellationToken.None);
        clock.Now = Start.AddDays(10);
        await outbox.SendAsync("0944555666", "Mã xác thực: 771204", "771204", CancellationToken.None);

        clock.Now = Start.AddDays(22);
        Assert.Equal(1, await outbox.DropBeforeAsync(clock.Now - TimeSpan.FromDays(21), CancellationToken.None));
        // Nothing more to drop: the file stays as it is.
        Assert.Equal(0, await outbox.DropBeforeAsync(clock.Now - TimeSpan.FromDays(21), CancellationToken.None));

        var path = Path.Combine(_dataDir, "outbox", "sms.jsonl");
        var text = await File.ReadAllTextAsync(path);
        Assert.DoesNotContain("0911222333", text, StringComparison.Ordinal);
        Assert.DoesNotContain("482913", text, StringComparison.Ordinal);
        Assert.Equal("771204", new Clients.SmsOutbox(path).FindNewestCode("0944555666"));
    }
}
