using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Tracing.Clients;
using Tracing.Matching;
using Tracing.Shared.Backup;
using Tracing.V1;

namespace Tracing.Server.Tests;

/// <summary>
/// An online backup (<c>AdminService.CreateBackup</c>, <c>tracing admin backup</c>) taken while phones upload and scan,
/// checked and restored into a new folder: a server started on it has every write acknowledged before the backup began,
/// and the same signing key (people's tokens still work).
/// </summary>
public sealed class BackupTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tracing-backup-tests", Guid.NewGuid().ToString("N"));

    private string Backup => Path.Combine(_folder, "backup");

    private string Restored => Path.Combine(_folder, "restored");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_backup_taken_under_load_restores_every_write_acknowledged_before_it_began()
    {
        // Checkpoints every half second: the stores' upkeep runs while the backup copies them.
        await using var server = await ServerProcess.StartAsync(settings: ["--Tracing:Limits:Enabled=false", "--Tracing:Observations:CheckpointIntervalSeconds=0.5"]);
        var (manager, _) = await Citizens.SignedInAsync(server, Citizens.NewPhone());
        var venue = await Citizens.RegisterVenueAsync(manager, "Quán cà phê Sao Mai");
        var clock = Stopwatch.StartNew();
        var acknowledged = new ConcurrentQueue<Write>();
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 3).Select(phone => LoadAsync(server, venue, phone, clock, acknowledged, stop.Token)));
        // Some writes acknowledged before the backup, however slow the machine is today.
        while (acknowledged.Count < 20 && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(TimeSpan.FromMilliseconds(50));

        var began = clock.Elapsed;
        var manifest = await BackupDownload.ToFolderAsync(server.WithApiKey(ServerProcess.OperatorKey), Backup);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await stop.CancelAsync();
        await load;

        var before = acknowledged.Where(w => w.At < began).ToList();
        Assert.True(before.Count >= 10, $"only {before.Count} writes were acknowledged before the backup began");
        // The writers were never held: they went on being acknowledged once the backup had begun.
        Assert.Contains(acknowledged, w => w.At > began);
        Assert.Contains(manifest.Files, f => f.Path == "keys/server.key");
        // The server's lock on its data folder is held, not data: the copy leaves it out, and a server starts on the copy.
        Assert.DoesNotContain(manifest.Files, f => f.Path.EndsWith("server.lock", StringComparison.Ordinal));
        Assert.Empty(BackupFolder.Verify(Backup).Problems);

        BackupFolder.Restore(Backup, Restored);
        await using var restored = await ServerProcess.StartSharingAsync(Restored);
        var engine = restored.Services.GetRequiredService<TracingEngine>();
        foreach (var write in before)
        {
            Assert.NotEmpty(engine.Contacts.SightingsOf(write.Rpi.Span));
            var person = engine.People.Find(write.UserId)!.Number;
            var at = write.ScannedAt.ToUnixTimeSeconds();
            Assert.Contains(engine.CheckIns.ScansOf(person, at, at), scan => scan.At == at);
        }
        // The signing key came back too: a phone's token of before the backup still signs it in.
        using var returning = restored.WithToken(before[0].Token);
        Assert.NotEmpty(await Citizens.VisitsAsync(returning));
    }

    [Fact]
    public async Task A_damaged_or_unfinished_backup_is_named_and_never_restored_and_a_restore_never_overwrites()
    {
        await using var server = await ServerProcess.StartAsync();
        await BackupDownload.ToFolderAsync(server.WithApiKey(ServerProcess.OperatorKey), Backup);
        Assert.Empty(BackupFolder.Verify(Backup).Problems);
        // Everyone's data and the signing key: the owner's only, every folder and file of it.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var folder in Directory.GetDirectories(Backup, "*", SearchOption.AllDirectories))
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
            foreach (var file in Directory.GetFiles(Backup, "*", SearchOption.AllDirectories))
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var occupied = Path.Combine(_folder, "occupied");
        Directory.CreateDirectory(occupied);
        await File.WriteAllTextAsync(Path.Combine(occupied, "keep.txt"), "data");
        var refused = Assert.Throws<InvalidOperationException>(() => BackupFolder.Restore(Backup, occupied));
        Assert.Contains("not empty", refused.Message);
        Assert.Equal("data", await File.ReadAllTextAsync(Path.Combine(occupied, "keep.txt")));

        var key = Path.Combine(Backup, "keys", "server.key");
        var bytes = await File.ReadAllBytesAsync(key);
        bytes[0] ^= 0xFF;
        await File.WriteAllBytesAsync(key, bytes);
        Assert.Contains(BackupFolder.Verify(Backup).Problems, p => p.StartsWith("keys/server.key: its SHA-256 differs", StringComparison.Ordinal));
        var damaged = Assert.Throws<InvalidOperationException>(() => BackupFolder.Restore(Backup, Restored));
        Assert.Contains("not whole", damaged.Message);
        Assert.False(Directory.Exists(Restored));

        File.Delete(Path.Combine(Backup, BackupManifest.FileName));
        Assert.Contains(BackupFolder.Verify(Backup).Problems, p => p.Contains("did not finish", StringComparison.Ordinal));
    }

    /// <summary>One phone, until stopped: a contact batch heard of a phone of its own, then a scan at the venue; each noted once acknowledged.</summary>
    private static async Task LoadAsync(ServerProcess server, Venue venue, int phoneNumber, Stopwatch clock, ConcurrentQueue<Write> acknowledged, CancellationToken stop)
    {
        var (phone, userId) = await Citizens.DeclaredDeviceAsync(server, $"Người dùng {phoneNumber}");
        using (phone)
        {
            var token = Citizens.TokenOf(phone);
            var start = Citizens.ThisMinute().AddHours(-3);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var rpi = new byte[16];
                Random.Shared.NextBytes(rpi);
                var seen = start.AddSeconds(i);
                var observation = new ContactObservation { Rpi = ByteString.CopyFrom(rpi), SeenAt = Timestamp.FromDateTimeOffset(seen), DurationSeconds = 300, Rssi = -60, TxPower = -5 };
                try
                {
                    await phone.UploadObservationsAsync([observation], cancellationToken: stop);
                    await Citizens.ScanAsync(phone, venue, Direction.In, seen);
                }
                catch (Exception ended) when (stop.IsCancellationRequested && ended is OperationCanceledException or RpcException)
                {
                    return;
                }
                acknowledged.Enqueue(new Write(clock.Elapsed, rpi, userId, token, seen));
            }
        }
    }

    private sealed record Write(TimeSpan At, ReadOnlyMemory<byte> Rpi, string UserId, string Token, DateTimeOffset ScannedAt);
}
